"""settings awaiting: the /settings value the owner was asked to type

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 07:00:00.000000

Two nullable columns on workspaces, added with ALTER TABLE (no copy of a table other rows
cascade from).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.add_column(sa.Column('settings_awaiting', sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column('settings_awaiting_since', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.drop_column('settings_awaiting_since')
        batch.drop_column('settings_awaiting')
