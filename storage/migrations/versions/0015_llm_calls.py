"""llm_calls: cost and outcome of each language-model call, never its text

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 09:40:00.000000

A new table only; no existing table changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'llm_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('prompt_id', sa.String(length=64), nullable=False),
        sa.Column('prompt_version', sa.Integer(), nullable=False),
        sa.Column('model', sa.String(length=128), nullable=False),
        sa.Column('tokens_in', sa.Integer(), nullable=False),
        sa.Column('tokens_out', sa.Integer(), nullable=False),
        sa.Column('latency_ms', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['workspace_id'],
            ['workspaces.id'],
            name=op.f('fk_llm_calls_workspace_id_workspaces'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_llm_calls')),
    )
    op.create_index(
        'ix_llm_calls_workspace_id_created_at',
        'llm_calls',
        ['workspace_id', 'created_at'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_llm_calls_workspace_id_created_at', table_name='llm_calls')
    op.drop_table('llm_calls')
