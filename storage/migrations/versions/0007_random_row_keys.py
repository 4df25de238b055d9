"""random row keys: the anonymous tables keep no order that follows the filing order

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 10:00:00.000000

participation and pulse_tallies had autoincrement ids, and on SQLite all three anonymous tables
kept a hidden rowid in insertion order: read in that order, texts lined up with participation
rows, which name their membership. The ids become random 32-hex-digit keys and, on SQLite, the
tables are rebuilt WITHOUT ROWID, so they are stored in the order of those keys. Every existing
row is then written again in a random order under a fresh key, which on PostgreSQL also gives
all of them this migration's transaction id (xmin) and a new place in the heap.
"""

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'participation': 'round_id, membership_id, respondent_key, department_id, completed_on',
    'pulse_tallies': 'round_id, department_id, item_id, value, filed_on, count',
    'pulse_texts': 'round_id, department_id, kind, text, similarity, filed_on',
}
"""Every column but the id, of each table that is rebuilt."""
NUMBERED = ('participation', 'pulse_tallies')
"""The tables whose ids were autoincrement integers."""
RANDOM_KEY = {
    'sqlite': 'lower(hex(randomblob(16)))',
    'postgresql': "replace(gen_random_uuid()::text, '-', '')",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in COLUMNS.items():
        if dialect == 'sqlite':
            with _rebuilt(table, with_rowid=False) as batch:
                if table in NUMBERED:
                    batch.alter_column('id', existing_type=sa.Integer(), type_=sa.String(32))
        elif table in NUMBERED:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT')
            op.alter_column(
                table,
                'id',
                existing_type=sa.Integer(),
                type_=sa.String(32),
                postgresql_using='id::text',
            )
            op.execute(f'DROP SEQUENCE {table}_id_seq')
        _rewrite(table, columns, RANDOM_KEY[dialect])


@contextmanager
def _rebuilt(table: str, *, with_rowid: bool) -> Iterator[BatchOperations]:
    """Copy a SQLite table into a new one with or without rowid, keeping its indexes.

    SQLite cannot reflect an expression index, so batch mode drops ``uq_pulse_tallies_cell``
    (with a warning): it is created again right after.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', 'Skipped unsupported reflection of expression-based')
        with op.batch_alter_table(
            table, recreate='always', table_kwargs={'sqlite_with_rowid': with_rowid}
        ) as batch:
            yield batch
    if table == 'pulse_tallies':
        op.create_index(
            'uq_pulse_tallies_cell',
            table,
            ['round_id', sa.literal_column('coalesce(department_id, 0)'), 'item_id', 'value', 'filed_on'],
            unique=True,
        )


def _rewrite(table: str, columns: str, key: str) -> None:
    """Delete every row and insert it again, shuffled, under a fresh random key."""
    op.execute(f'CREATE TEMPORARY TABLE rewritten AS SELECT {columns} FROM {table}')
    op.execute(f'DELETE FROM {table}')
    op.execute(
        f'INSERT INTO {table} (id, {columns}) SELECT {key}, {columns} FROM rewritten'
        ' ORDER BY random()'
    )
    op.execute('DROP TABLE rewritten')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in COLUMNS:
        if table in NUMBERED:
            # Number the rows 1, 2, … (as text) first: the random keys are no integers.
            op.execute(
                f'UPDATE {table} SET id = numbered.n FROM (SELECT id AS old,'
                f' CAST(row_number() OVER (ORDER BY id) AS VARCHAR(32)) AS n FROM {table})'
                f' AS numbered WHERE numbered.old = {table}.id'
            )
        if dialect == 'sqlite':
            with _rebuilt(table, with_rowid=True) as batch:
                if table in NUMBERED:
                    batch.alter_column('id', existing_type=sa.String(32), type_=sa.Integer())
        elif table in NUMBERED:
            op.alter_column(
                table,
                'id',
                existing_type=sa.String(32),
                type_=sa.Integer(),
                postgresql_using='id::integer',
            )
            op.execute(f'CREATE SEQUENCE {table}_id_seq OWNED BY {table}.id')
            op.execute(
                f"SELECT setval('{table}_id_seq', coalesce(max(id), 0) + 1, false) FROM {table}"
            )
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')")
