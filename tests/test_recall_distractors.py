"""End to end: distractors the model writes for the owner's goals reach the next round's recall,
and the bank does whenever the model fails, writes unusable ones or there is no model."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from alignment.coach.language_model import OFFLINE, LanguageModel
from alignment.coach.prompt import load_coach_prompts
from alignment.team.recall import LABEL_LIMIT, PROMPT, Distractors, load_bank
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, running_bot
from tests.support.language_models import Typed
from tests.support.steps import keep
from tests.support.team import SKIP, asked, invite_token, member

PROMPTS = PROJECT_ROOT / "prompts"
BANK = load_bank(PROMPTS / "recall.yaml")
GOAL = "Supply 40 cafés in the region"
VISION = "Fresh bread in every café of the region"
WRITTEN = (
    "Open a bakery school",
    "Sell cakes at the farmers' market",
    "Launch a gluten-free range",
    "Win the city's best-bakery prize",
    "Bake for two hotels",
)


@pytest.fixture
def model(request: pytest.FixtureRequest) -> LanguageModel:
    """The model the bot under test asks: the test's parameter, else one writing ``WRITTEN``."""
    given: LanguageModel = getattr(request, "param", Typed(Distractors(distractors=WRITTEN)))
    return given


@pytest.fixture
async def bot(
    settings: Settings, clock: FakeClock, model: LanguageModel
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The bot of conftest.py, with this module's model (``seeded`` builds on it)."""
    async with running_bot(settings, clock, model=model) as app:
        yield app


async def recall_choices(seeded: Chat, bot_api: FakeBotApi) -> set[str]:
    """Set one goal, open a round by inviting a member, and walk them to the recall question."""
    await seeded.say("/checkin goals")
    for answer in (GOAL, "Cafés supplied", "40 cafés", "2027-09-30"):
        await seeded.say(answer)
    await seeded.tap("7")
    await keep(seeded, "Cafés of the region")
    await seeded.tap("That's all for now")
    chat = member(bot_api, seeded, 1, "Ivan")
    await chat.say(f"/start {invite_token(await seeded.say('/invite'))}")
    while asked(chat).id != "recall":
        await chat.tap("4" if "4" in chat.buttons() else SKIP)
    return {label for label in chat.buttons() if label not in (SKIP, "◀ Back")}


@pytest.mark.both_databases
async def test_the_next_rounds_recall_shows_the_distractors_written_for_the_goals(
    seeded: Chat, bot_api: FakeBotApi, model: Typed
) -> None:
    choices = await recall_choices(seeded, bot_api)
    assert GOAL in choices
    assert len(choices) == 5
    assert choices - {GOAL} <= set(WRITTEN)
    [variables] = [v for prompt, v in model.calls if prompt == PROMPT]
    assert set(variables) == set(load_coach_prompts(PROMPTS / "coach")[PROMPT].variables)
    assert variables["goals"] == GOAL
    assert variables["vision"] == VISION
    assert not any("Olena" in value or "Rosie" in value for value in variables.values())


@pytest.mark.parametrize(
    "model",
    [
        Typed(Distractors(distractors=(GOAL.lower(), *WRITTEN[:3]))),
        Typed(Distractors(distractors=("x" * (LABEL_LIMIT + 1), *WRITTEN[:3]))),
        Typed(Distractors(distractors=(*WRITTEN[:3], WRITTEN[0].upper()))),
        OFFLINE,
    ],
    ids=["a real goal", "too long", "duplicates", "offline"],
    indirect=True,
)
async def test_unusable_or_missing_distractors_leave_the_recall_to_the_bank(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    choices = await recall_choices(seeded, bot_api)
    assert GOAL in choices
    assert len(choices) == 5
    assert choices - {GOAL} <= set(BANK)
