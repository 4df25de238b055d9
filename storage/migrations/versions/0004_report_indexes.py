"""report indexes: covering indexes for the per-block sums /report asks the database for

Revision ID: 0004_report_indexes
Revises: 0003
Create Date: 2026-12-02 20:20:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0004_report_indexes'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        'ix_pulse_tallies_cells',
        'pulse_tallies',
        ['round_id', 'item_id', 'value', 'count'],
        unique=False,
    )
    op.create_index(
        'ix_pulse_texts_similarity',
        'pulse_texts',
        ['round_id', 'kind', 'similarity'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_pulse_texts_similarity', table_name='pulse_texts')
    op.drop_index('ix_pulse_tallies_cells', table_name='pulse_tallies')
