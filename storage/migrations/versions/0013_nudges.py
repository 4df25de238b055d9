"""nudges: reassessment nudge kinds turned off, and snoozed until when

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 07:00:00.000000

Two nullable JSON columns on workspaces, added with ALTER TABLE; the nudges themselves are
deliveries (kind ``nudge``), so their keys and claims are the rest of the tick's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.add_column(sa.Column('nudges_off', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('nudges_snoozed', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.drop_column('nudges_snoozed')
        batch.drop_column('nudges_off')
