"""distractors: recall choices the model wrote for a strategy version's goals

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:45:00.000000

Existing versions get NULL, which means "use the bank of prompts/recall.yaml", as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ALTER TABLE … ADD/DROP COLUMN, never a copy: rebuilding strategy_versions would cascade
    # to every version's goals.
    with op.batch_alter_table('strategy_versions', recreate='never') as batch:
        batch.add_column(sa.Column('distractors', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('strategy_versions', recreate='never') as batch:
        batch.drop_column('distractors')
