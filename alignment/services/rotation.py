"""Which questions the next pulse round of a workspace asks: the rotation, fed from the database.

The choice itself is pure (``alignment.team.rotation``); this reads what earlier rounds asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alignment.questionnaire import Script
from alignment.services import restate
from alignment.team.rotation import choose
from storage.models import Workspace
from storage.repositories import Repositories


async def next_items(
    repos: Repositories, workspace_id: int, count: int, pulse: Script, *, changed: bool = False
) -> list[str]:
    """The question ids of the workspace's next round, from every earlier round in number order.

    ``count`` is the number of statements (the workspace's pulse_items, or the default);
    ``changed``: the strategy changed since the last round.
    """
    history = await repos.pulses.item_history(workspace_id)
    return list(choose(pulse, history, count, changed=changed))


@dataclass(frozen=True)
class Rotation:
    """The pulse and the instance's default number of statements per round."""

    pulse: Script
    default_count: int

    async def next_items(
        self, repos: Repositories, workspace: Workspace, now: datetime
    ) -> list[str]:
        """The next round's questions (opened ``now``), with the workspace's own count if any.

        The first round after a strategy change asks about it (``alignment.services.restate``).
        """
        count = workspace.pulse_items or self.default_count
        changed = await restate.changed_since_last_round(
            repos, workspace.id, workspace.timezone, now
        )
        return await next_items(repos, workspace.id, count, self.pulse, changed=changed)
