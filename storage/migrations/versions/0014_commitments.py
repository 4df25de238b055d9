"""commitments: the owner's action after a report, and its follow-up

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 08:30:00.000000

A new table only; no existing table changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'commitments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('dimension', sa.String(length=32), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=True),
        sa.Column('what', sa.Text(), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('team_message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('committed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('announced_round_id', sa.Integer(), nullable=True),
        sa.Column('reasked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('done', sa.Boolean(), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['announced_round_id'],
            ['pulse_rounds.id'],
            name=op.f('fk_commitments_announced_round_id_pulse_rounds'),
            ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['workspace_id'],
            ['workspaces.id'],
            name=op.f('fk_commitments_workspace_id_workspaces'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    )
    op.create_index(
        op.f('ix_commitments_workspace_id'), 'commitments', ['workspace_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_commitments_workspace_id'), table_name='commitments')
    op.drop_table('commitments')
