"""thresholds per figure: what each reported block shows, who answered what kind, newcomers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 06:00:00.000000

Blocks fixed before this migration get their team-level verdicts from their counts: a statement
or the recall question shows when its answers, capped at the block's people, reach the threshold,
which is exact for a one-round block; texts show when there are enough of them. They show no
department breakdown: that decision cannot be rebuilt from counts, and hiding is the safe side.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY = sa.text(
    """
    SELECT last.id, w.anonymity_threshold, last.block_respondents, t.item_id, SUM(t.count)
    FROM pulse_rounds last
    JOIN workspaces w ON w.id = last.workspace_id
    JOIN pulse_rounds r ON r.workspace_id = last.workspace_id AND r.block = last.block
    JOIN pulse_tallies t ON t.round_id = r.id
    WHERE last.number = last.block
    GROUP BY last.id, w.anonymity_threshold, last.block_respondents, t.item_id
    UNION ALL
    SELECT last.id, w.anonymity_threshold, last.block_respondents, x.kind, COUNT(*)
    FROM pulse_rounds last
    JOIN workspaces w ON w.id = last.workspace_id
    JOIN pulse_rounds r ON r.workspace_id = last.workspace_id AND r.block = last.block
    JOIN pulse_texts x ON x.round_id = r.id
    WHERE last.number = last.block
    GROUP BY last.id, w.anonymity_threshold, last.block_respondents, x.kind
    """
)


def upgrade() -> None:
    with op.batch_alter_table('pulse_rounds') as batch:
        batch.add_column(sa.Column('block_newcomers', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('held', sa.String(length=16), nullable=True))
    with op.batch_alter_table('participation') as batch:
        batch.add_column(sa.Column('figures', sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column('newcomer', sa.Boolean(), server_default=sa.text('false'), nullable=False)
        )
    figures = op.create_table(
        'block_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('figure', sa.String(length=64), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('held', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ['department_id'], ['departments.id'],
            name=op.f('fk_block_figures_department_id_departments'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['round_id'], ['pulse_rounds.id'],
            name=op.f('fk_block_figures_round_id_pulse_rounds'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_block_figures')),
    )
    op.create_index(op.f('ix_block_figures_round_id'), 'block_figures', ['round_id'])
    rows = []
    for round_id, threshold, respondents, figure, answers in op.get_bind().execute(LEGACY):
        people = min(int(answers), respondents or 0)
        if people:
            held = None if people >= threshold else 'few_people'
            rows.append(
                {'round_id': round_id, 'department_id': None, 'figure': figure,
                 'people': people, 'held': held}
            )
    if rows:
        op.bulk_insert(figures, rows)


def downgrade() -> None:
    op.drop_index(op.f('ix_block_figures_round_id'), table_name='block_figures')
    op.drop_table('block_figures')
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), never a copy: dropping pulse_rounds to rebuild it
    # would cascade to every round's answers, and a rebuilt participation would lose WITHOUT ROWID.
    with op.batch_alter_table('participation', recreate='never') as batch:
        batch.drop_column('newcomer')
        batch.drop_column('figures')
    with op.batch_alter_table('pulse_rounds', recreate='never') as batch:
        batch.drop_column('held')
        batch.drop_column('block_newcomers')
