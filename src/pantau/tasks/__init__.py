"""The task-queue face of the pipeline: the work a workspace needs on the clock as plain
functions (:mod:`pantau.tasks.work`), run inline by the service's scheduler on SQLite, and as
procrastinate tasks on PostgreSQL shared by any number of `pantau worker` processes
(:mod:`pantau.tasks.queue`)."""
