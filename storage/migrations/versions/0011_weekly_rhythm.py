"""weekly rhythm: schedules per workspace, vacations, reachability, rotated rounds, due times

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:00:00.000000

Schedule columns are NULL for "the instance's default", so existing workspaces follow the
RHYTHM_* settings. Existing deliveries become due when they were created. Every change is an
ALTER TABLE or an index, never a copy of a table other rows cascade from.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEDULE = ('checkin_day', 'checkin_time', 'pulse_days', 'pulse_time', 'pulse_every',
            'pulse_items', 'quiet_from', 'quiet_until', 'paused')


def upgrade() -> None:
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        batch.add_column(sa.Column('checkin_day', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('checkin_time', sa.Time(), nullable=True))
        batch.add_column(sa.Column('pulse_days', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('pulse_time', sa.Time(), nullable=True))
        batch.add_column(sa.Column('pulse_every', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('pulse_items', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('quiet_from', sa.Time(), nullable=True))
        batch.add_column(sa.Column('quiet_until', sa.Time(), nullable=True))
        batch.add_column(
            sa.Column('paused', sa.Boolean(), server_default=sa.text('false'), nullable=False)
        )
    with op.batch_alter_table('users', recreate='never') as batch:
        batch.add_column(sa.Column('unreachable_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('memberships', recreate='never') as batch:
        batch.add_column(sa.Column('away_until', sa.Date(), nullable=True))
    with op.batch_alter_table('pulse_rounds', recreate='never') as batch:
        batch.add_column(sa.Column('items', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('slot', sa.String(length=32), nullable=True))
    op.create_index('uq_pulse_rounds_slot', 'pulse_rounds', ['workspace_id', 'slot'], unique=True)
    # deliveries has no table cascading from it, so SQLite may copy it to add NOT NULL.
    with op.batch_alter_table('deliveries') as batch:
        batch.add_column(sa.Column('not_before', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE deliveries SET not_before = created_at')
    op.drop_index('ix_deliveries_status', table_name='deliveries')
    with op.batch_alter_table('deliveries') as batch:
        batch.alter_column('not_before', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index('ix_deliveries_status', 'deliveries', ['status', 'not_before'])


def downgrade() -> None:
    op.drop_index('ix_deliveries_status', table_name='deliveries')
    with op.batch_alter_table('deliveries') as batch:
        batch.drop_column('not_before')
    op.create_index('ix_deliveries_status', 'deliveries', ['status', 'id'])
    op.drop_index('uq_pulse_rounds_slot', table_name='pulse_rounds')
    with op.batch_alter_table('pulse_rounds', recreate='never') as batch:
        batch.drop_column('slot')
        batch.drop_column('items')
    with op.batch_alter_table('memberships', recreate='never') as batch:
        batch.drop_column('away_until')
    with op.batch_alter_table('users', recreate='never') as batch:
        batch.drop_column('unreachable_at')
    with op.batch_alter_table('workspaces', recreate='never') as batch:
        for column in SCHEDULE:
            batch.drop_column(column)
