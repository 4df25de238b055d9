"""Filing a finished pulse: answers become counts and unsigned texts, and the copy goes.

This is where anonymity is made: after filing, no row anywhere links a person to an answer.
Participation (who took part, not what they said) is recorded separately so reminders and
one-answer-per-round still work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from alignment.questionnaire import QuestionType, Script
from alignment.scoring.echo import echo_score
from alignment.services.events import Notice
from alignment.services.voters import Voters
from alignment.team.items import (
    COMMENT,
    CORRECT,
    ECHO,
    LIKERT_VALUES,
    OTHER_GOAL,
    PRIORITIES,
    RECALL,
    WRONG,
)
from alignment.team.recall import (
    SOURCE,
    distractor_pool,
    goal_value,
    recall_options,
    top_position,
)
from alignment.timezones import tzinfo_for
from storage.models import CheckIn, Participation, PulseText, StrategyVersion, Workspace
from storage.repositories import Repositories

SCRIPTS_KEPT = 4096
"""Pulses with filled-in recall choices kept in memory, one per member and set of goals
(with their distractors)."""


class PulseFiler:
    """Knows the pulse script's special questions; everything else is a Likert item."""

    def __init__(self, bank: Sequence[str], pulse: Script, voters: Voters | None = None) -> None:
        self._bank = tuple(bank)
        self._voters = voters or Voters()
        self._pulse = pulse
        self._scripts = lru_cache(maxsize=SCRIPTS_KEPT)(self._with_recall)
        likert = [q.id for q in pulse.questions if q.type is QuestionType.LIKERT5]
        self._cells = tuple(
            [(item, value) for item in likert for value in LIKERT_VALUES]
            + [(RECALL, WRONG), (RECALL, CORRECT), (RECALL, OTHER_GOAL)]
        )

    def script_for(
        self, strategy: StrategyVersion | None, seed: int, items: Sequence[str] | None = None
    ) -> Script:
        """The pulse with this member's shuffled recall choices filled in.

        ``items`` are the questions the round asks (None: all). Every press needs it, so it is
        built once per seed, set of goals and items and then reused: the look-alike filter
        compares each goal with every distractor, which costs more than the rest of a press's
        domain work together. The distractors are the ones written for the goals and stored
        with them when there are enough, else the bank: nothing is generated here.
        """
        goals = tuple((g.id, g.title) for g in strategy.goals) if strategy else ()
        written = strategy.distractors if strategy else None
        stored = tuple(written) if written is not None else None
        return self._scripts(seed, goals, stored, tuple(items) if items is not None else None)

    def _with_recall(
        self,
        seed: int,
        goals: tuple[tuple[int, str], ...],
        stored: tuple[str, ...] | None,
        items: tuple[str, ...] | None,
    ) -> Script:
        pulse = self._pulse if items is None else self._pulse.only(items)
        pool = distractor_pool(stored, self._bank, len(goals))
        return pulse.with_options(SOURCE, recall_options(goals, pool, seed))

    async def file(
        self,
        repos: Repositories,
        checkin: CheckIn,
        workspace: Workspace,
        strategy: StrategyVersion | None,
        now: datetime,
        telegram_id: int,
    ) -> Notice | None:
        """File the answers anonymously and delete the in-progress copy; a Notice if refused.

        ``telegram_id`` is the filer's account, kept only as a keyed fingerprint of this round
        so the account cannot file here again, even after leaving and rejoining.
        """
        answers = [(a.question_id, a.value) for a in checkin.answers]
        likert = {a.question_id for a in checkin.answers if a.dimension is not None}
        round_id = checkin.round_id
        await repos.checkins.remove(checkin)
        membership = await repos.team.membership(workspace.id, checkin.user_id)
        pulse_round = await repos.pulses.round(round_id) if round_id is not None else None
        if membership is None or pulse_round is None:
            return Notice("not_a_member")
        if pulse_round.closed_at is not None or pulse_round.closes_at <= now:
            return Notice("round_closed_unfiled")
        if await repos.pulses.participated(
            pulse_round.id, membership.respondent_key
        ) or await self._voters.voted(repos, telegram_id, pulse_round.id):
            return Notice("already_answered")
        await self._voters.record(repos, telegram_id, pulse_round.id)
        zone = tzinfo_for(workspace.timezone)
        today = now.astimezone(zone).date()
        # Counts and texts are dated by their round, never by the day they were filed: joined
        # with participation.completed_on, a filing date would single out the one person who
        # answered on that day.
        filed_on = pulse_round.opened_at.astimezone(zone).date()
        department = membership.department_id
        await repos.pulses.prepare_counts(pulse_round.id, department, filed_on, self._cells)
        recall = _recall_marks(strategy)
        counted: list[tuple[str, int]] = []
        figures: list[str] = []
        for question_id, value in answers:
            if value is None:
                continue
            figures.append(question_id)
            if question_id in likert:
                counted.append((question_id, int(value)))
            elif question_id == RECALL:
                counted.append((RECALL, recall.get(str(value), WRONG)))
            elif question_id in (ECHO, COMMENT, PRIORITIES):
                vision = strategy.vision if strategy else None
                score = echo_score(vision, str(value)) if question_id == ECHO and vision else None
                await repos.pulses.add(
                    PulseText(
                        round_id=pulse_round.id,
                        department_id=department,
                        kind=question_id,
                        text=str(value),
                        similarity=score,
                        filed_on=filed_on,
                    )
                )
        await repos.pulses.count_answers(pulse_round.id, department, filed_on, counted)
        await repos.pulses.add(
            Participation(
                round_id=pulse_round.id,
                membership_id=membership.id,
                respondent_key=membership.respondent_key,
                department_id=department,
                completed_on=today,
                figures=sorted(figures),
                newcomer=membership.joined_at > pulse_round.opened_at,
            )
        )
        return None


def _recall_marks(strategy: StrategyVersion | None) -> dict[str, int]:
    """What picking each real goal counts as; anything else is WRONG.

    The top goal (the one marked, or else the first) is CORRECT, another real goal OTHER_GOAL.
    """
    if strategy is None:
        return {}
    top = top_position([g.position for g in strategy.goals], strategy.top_goal)
    return {goal_value(g.id): CORRECT if g.position == top else OTHER_GOAL for g in strategy.goals}
