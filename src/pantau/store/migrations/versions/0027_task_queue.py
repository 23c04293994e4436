"""Task queue: the runs of each workspace's tasks (``task_runs``: pipeline, collection,
report, alert pass) and, on PostgreSQL only, procrastinate's own tables, functions and
triggers (the schema SQL shipped by the pinned version), so `pantau worker` processes on any
machine share the work.

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "task_runs",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=32), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("counts", _JSON, nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name="fk_task_runs_workspace_id_workspaces"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_task_runs"),
    )
    op.create_index(
        "ix_task_runs_workspace_id_task_started_at",
        "task_runs",
        ["workspace_id", "task", "started_at"],
    )
    op.create_index("ix_task_runs_workspace_id_job_id", "task_runs", ["workspace_id", "job_id"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        # straight to the driver, unparsed: the SQL holds many statements, casts and % signs
        op.get_bind().exec_driver_sql(
            SchemaManager.get_schema(), execution_options={"no_parameters": True}
        )


# procrastinate's tables, functions and enum types, whatever its version made of them
_DROP_QUEUE = r"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
             WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
               AND c.relname LIKE 'procrastinate\_%' LOOP
        EXECUTE 'DROP TABLE IF EXISTS ' || r.name || ' CASCADE';
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace
               AND p.proname LIKE 'procrastinate\_%' LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || r.name || ' CASCADE';
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS name FROM pg_type t
             WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype = 'e'
               AND t.typname LIKE 'procrastinate\_%' LOOP
        EXECUTE 'DROP TYPE IF EXISTS ' || r.name || ' CASCADE';
    END LOOP;
END $$;
"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(_DROP_QUEUE, execution_options={"no_parameters": True})
    op.drop_index("ix_task_runs_workspace_id_job_id", table_name="task_runs")
    op.drop_index("ix_task_runs_workspace_id_task_started_at", table_name="task_runs")
    op.drop_table("task_runs")
