"""top goal: the owner marks which goal of a strategy version is the top priority

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 06:00:00.000000

Existing versions get NULL, which means "the first goal", the meaning they had before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('strategy_versions') as batch:
        batch.add_column(sa.Column('top_goal', sa.Integer(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN, never a copy: rebuilding strategy_versions would cascade to
    # every version's goals.
    with op.batch_alter_table('strategy_versions', recreate='never') as batch:
        batch.drop_column('top_goal')
