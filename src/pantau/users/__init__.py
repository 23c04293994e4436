"""People and their rights: accounts, roles per workspace, sessions, API tokens and the audit
log (:mod:`pantau.users.accounts`); used by the web application and the CLI."""
