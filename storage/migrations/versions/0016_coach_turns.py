"""coach_turns: the owner's /coach conversation, and a bare /coach waiting for the question

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 09:45:00.000000

A new table, and one nullable column on workspaces.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'coach_turns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=8), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['workspace_id'],
            ['workspaces.id'],
            name=op.f('fk_coach_turns_workspace_id_workspaces'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_turns')),
    )
    op.create_index(
        op.f('ix_coach_turns_workspace_id'), 'coach_turns', ['workspace_id'], unique=False
    )
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.add_column(sa.Column('coach_asked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.drop_column('coach_asked_at')
    op.drop_index(op.f('ix_coach_turns_workspace_id'), table_name='coach_turns')
    op.drop_table('coach_turns')
