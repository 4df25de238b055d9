"""Strategy recall choices: real goals among distractors, the same order for the same member."""

from __future__ import annotations

from alignment.coach.language_model import OFFLINE
from alignment.questionnaire import load_scripts
from alignment.team.filing import PulseFiler
from alignment.team.recall import (
    CHOICES,
    LABEL_LIMIT,
    SOURCE,
    Distractors,
    distractor_pool,
    generated,
    goal_value,
    load_bank,
    recall_options,
    usable,
)
from bot.settings import PROJECT_ROOT
from storage.models import Goal, StrategyVersion
from tests.support.language_models import Canned

BANK = load_bank(PROJECT_ROOT / "prompts" / "recall.yaml")
PULSE = load_scripts(PROJECT_ROOT / "prompts" / "checkins")["pulse"]
GOALS = [(11, "Supply 40 cafés in the region"), (12, "Open a weekend market stall")]


def test_every_real_goal_is_offered_among_distractors() -> None:
    options = recall_options(GOALS, BANK, seed=5)
    values = [o.value for o in options]
    assert len(options) == CHOICES
    assert {goal_value(11), goal_value(12)} <= set(values)
    assert len(set(values)) == len(values)


def test_the_same_seed_gives_the_same_order_and_others_differ() -> None:
    first = recall_options(GOALS, BANK, seed=5)
    assert recall_options(GOALS, BANK, seed=5) == first
    orders = {tuple(o.value for o in recall_options(GOALS, BANK, seed=s)) for s in range(20)}
    assert len(orders) > 5


def test_three_goals_still_get_two_distractors() -> None:
    goals = [*GOALS, (13, "Hire a second baker")]
    options = recall_options(goals, BANK, seed=1)
    assert sum(1 for o in options if o.value.startswith("x")) == 2


def test_distractors_that_look_like_a_real_goal_are_left_out() -> None:
    bank = ["Open a second location", "Open a second location today", "Win back lapsed customers"]
    options = recall_options([(1, "Open a second location")], bank, seed=3)
    labels = [o.label for o in options]
    assert labels.count("Open a second location") == 1
    assert "Open a second location today" not in labels


def test_long_goals_are_cut_like_every_other_label() -> None:
    long_goal = (1, "Grow weekly wholesale orders from cafés across the whole region " * 2)
    options = recall_options([long_goal], BANK, seed=2)
    assert all(len(o.label) <= LABEL_LIMIT for o in options)
    assert next(o for o in options if o.value == goal_value(1)).label.endswith("…")


def _strategy(*goals: tuple[int, str]) -> StrategyVersion:
    return StrategyVersion(goals=[Goal(id=gid, title=title) for gid, title in goals])


def _recall_values(filer: PulseFiler, strategy: StrategyVersion, seed: int) -> set[str]:
    script = filer.script_for(strategy, seed)
    return {o.value for q in script.questions if q.options_from == SOURCE for o in q.options}


def test_a_members_pulse_is_built_once_and_rebuilt_when_the_goals_change() -> None:
    filer = PulseFiler(BANK, PULSE)
    first = filer.script_for(_strategy(*GOALS), seed=7)
    assert filer.script_for(_strategy(*GOALS), seed=7) is first
    assert filer.script_for(_strategy(*GOALS), seed=8) is not first
    assert _recall_values(filer, _strategy(*GOALS), 7) == {
        o.value for o in recall_options(GOALS, BANK, seed=7)
    }
    assert goal_value(12) not in _recall_values(filer, _strategy(GOALS[0]), 7)


# -- distractors a model writes for the owner's own goals ----------------------------------

TITLES = ["Open a second bakery in Leeds", "Supply 40 cafés in the region"]


def test_generated_distractors_that_are_goals_lookalikes_long_or_repeated_are_dropped() -> None:
    found = usable(
        [
            "open a  second bakery in LEEDS",  # a real goal, differently typed
            "Open a second bakery in Leeds city",  # a lookalike
            "Launch a wedding-cake line",
            "launch a wedding-cake line",  # the same twice
            "x" * 61,  # longer than a choice shows
            "Cut flour waste by a third",
        ],
        TITLES,
    )
    assert found == ("Launch a wedding-cake line", "Cut flour waste by a third")


WRITTEN = ("Launch a wedding-cake line", "Cut flour waste by a third", "Start a baking school")


async def test_the_models_distractors_are_used_or_the_bank_when_too_few_are_usable() -> None:
    good = Distractors(distractors=WRITTEN)
    model = Canned(good)
    assert await generated(model, TITLES, "Bread for the north", workspace=1) == WRITTEN
    assert model.calls[0][1]["vision"] == "Bread for the north"
    poor = Distractors(distractors=(TITLES[0], *WRITTEN[:2]))
    assert await generated(Canned(poor), TITLES, None, workspace=1) is None
    assert await generated(OFFLINE, TITLES, None, workspace=1) is None


def test_a_question_shows_written_distractors_only_when_there_are_enough() -> None:
    goals = [(1, TITLES[0]), (2, TITLES[1])]
    labels = {o.label for o in recall_options(goals, distractor_pool(WRITTEN, BANK, 2), 4)}
    assert labels == {*TITLES, *WRITTEN}
    assert distractor_pool(WRITTEN[:2], BANK, 2) == BANK
    assert distractor_pool(None, BANK, 2) == BANK


def test_the_filer_uses_the_distractors_stored_with_the_goals() -> None:
    filer = PulseFiler(BANK, PULSE)
    strategy = _strategy((1, TITLES[0]), (2, TITLES[1]))
    strategy.distractors = list(WRITTEN)
    script = filer.script_for(strategy, seed=3)
    labels = {o.label for q in script.questions if q.options_from == SOURCE for o in q.options}
    assert labels == {*TITLES, *WRITTEN}
