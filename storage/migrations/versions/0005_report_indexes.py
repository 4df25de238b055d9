"""report at size: per-block figures fixed with the block, and a covering index for the sums

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 20:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
UPDATE pulse_rounds SET
    block_respondents = (
        SELECT COUNT(DISTINCT p.respondent_key)
        FROM participation p JOIN pulse_rounds r ON r.id = p.round_id
        WHERE r.workspace_id = pulse_rounds.workspace_id AND r.block = pulse_rounds.block
    ),
    block_echo = (
        SELECT AVG(t.similarity)
        FROM pulse_texts t JOIN pulse_rounds r ON r.id = t.round_id
        WHERE r.workspace_id = pulse_rounds.workspace_id AND r.block = pulse_rounds.block
            AND t.kind = 'echo'
    )
WHERE block IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table('pulse_rounds') as batch:
        batch.add_column(sa.Column('block_respondents', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('block_echo', sa.Float(), nullable=True))
    op.execute(BACKFILL)
    op.create_index(
        'ix_pulse_tallies_cells',
        'pulse_tallies',
        ['round_id', 'item_id', 'value', 'count'],
        unique=False,
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN: rebuilding pulse_rounds would cascade to every round's answers.
    op.drop_index('ix_pulse_tallies_cells', table_name='pulse_tallies')
    with op.batch_alter_table('pulse_rounds', recreate='never') as batch:
        batch.drop_column('block_echo')
        batch.drop_column('block_respondents')
