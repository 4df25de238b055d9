"""one count per cell: a unique index lets filing insert the zero counts with ON CONFLICT

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 20:10:09.619477

Before this index, counts could be duplicated: by two concurrent first filings, or by removing a
department, which turned its counts into department-less ones next to existing ones. The
duplicates are summed into the oldest row first, so no answer is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SAME_CELL = """
    t.round_id = pulse_tallies.round_id
    AND coalesce(t.department_id, 0) = coalesce(pulse_tallies.department_id, 0)
    AND t.item_id = pulse_tallies.item_id
    AND t.value = pulse_tallies.value
    AND t.filed_on = pulse_tallies.filed_on
"""
FIRST_OF_EACH_CELL = """
    SELECT min(id) FROM pulse_tallies
    GROUP BY round_id, coalesce(department_id, 0), item_id, value, filed_on
"""


def upgrade() -> None:
    op.execute(
        f"UPDATE pulse_tallies SET count = (SELECT sum(t.count) FROM pulse_tallies t WHERE {SAME_CELL})"
        f" WHERE id IN ({FIRST_OF_EACH_CELL} HAVING count(*) > 1)"
    )
    op.execute(f"DELETE FROM pulse_tallies WHERE id NOT IN ({FIRST_OF_EACH_CELL})")
    with op.batch_alter_table('pulse_tallies', schema=None) as batch_op:
        batch_op.drop_index('ix_pulse_tallies_round')
        batch_op.create_index('uq_pulse_tallies_cell', ['round_id', sa.literal_column('coalesce(department_id, 0)'), 'item_id', 'value', 'filed_on'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('pulse_tallies', schema=None) as batch_op:
        batch_op.drop_index('uq_pulse_tallies_cell')
        batch_op.create_index('ix_pulse_tallies_round', ['round_id', 'item_id'], unique=False)
