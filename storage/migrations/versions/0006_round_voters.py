"""one vote per account per round: keyed fingerprints of who filed, and the instance's secrets

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'instance_secrets',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_instance_secrets')),
    )
    op.create_table(
        'round_voters',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['round_id'],
            ['pulse_rounds.id'],
            name=op.f('fk_round_voters_round_id_pulse_rounds'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('round_id', 'fingerprint', name=op.f('pk_round_voters')),
    )


def downgrade() -> None:
    op.drop_table('round_voters')
    op.drop_table('instance_secrets')
