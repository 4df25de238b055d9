"""Which questions the next pulse round of a workspace asks: the rotation, fed from the database.

The choice itself is pure (``alignment.team.rotation``); this reads what earlier rounds asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from alignment.questionnaire import QuestionType, Script
from alignment.services import restate
from alignment.services.commitments import reask
from alignment.team.rotation import choose
from storage.models import Workspace
from storage.repositories import Repositories


async def next_items(
    repos: Repositories,
    workspace_id: int,
    count: int,
    pulse: Script,
    forced: Sequence[str] = (),
    *,
    changed: bool = False,
) -> list[str]:
    """The question ids of the workspace's next round, from every earlier round in number order.

    ``count`` is the number of statements (the workspace's pulse_items, or the default);
    ``forced`` questions are asked on top; ``changed``: the strategy changed since the last round.
    """
    history = await repos.pulses.item_history(workspace_id)
    return list(choose(pulse, history, count, forced, changed=changed))


@dataclass(frozen=True)
class Rotation:
    """The pulse and the instance's default number of statements per round."""

    pulse: Script
    default_count: int

    async def next_items(
        self, repos: Repositories, workspace: Workspace, now: datetime
    ) -> list[str]:
        """The next round's questions (opened ``now``), with the workspace's own count if any.

        The first round after a strategy change asks about it (``alignment.services.restate``);
        a dimension the owner committed to act on about four weeks ago is asked again in full.
        """
        count = workspace.pulse_items or self.default_count
        changed = await restate.changed_since_last_round(
            repos, workspace.id, workspace.timezone, now
        )
        dimensions = await reask(repos, workspace.id, now)
        forced = [
            q.id
            for q in self.pulse.questions
            if q.type is QuestionType.LIKERT5 and q.dimension in dimensions
        ]
        return await next_items(repos, workspace.id, count, self.pulse, forced, changed=changed)
