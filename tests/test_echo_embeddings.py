"""The vision echo by embeddings in Details when the model gives them; the report says so."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat
from tests.support.language_models import Embeddings, Switched
from tests.support.seed import VISION
from tests.support.team import details_after_round, report_details

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
ECHOES = [
    "Fresh bread for cafés all over the region",
    "Being the bakery every café in the region buys from",
    "Supplying cafés with bread",
]


@pytest.fixture
def bot_model() -> Switched:
    """Offline until a test hands it a stub."""
    return Switched()


async def test_the_echo_is_compared_by_meaning_when_the_model_gives_embeddings(
    seeded: Chat, bot_api: FakeBotApi, bot_model: Switched
) -> None:
    details = await details_after_round(seeded, bot_api, [{"echo": echo} for echo in ECHOES])
    words = UI.report
    assert words.echo.split("{")[0] in details
    by_meaning = words.echo_embeddings.split("{echo}")[1]
    assert by_meaning not in details

    model = Embeddings([0.9, 0.6, 0.3])
    bot_model.model = model
    details = await report_details(seeded)
    assert words.echo_embeddings.format(echo=60) in details
    ((vision, sent),) = model.asked
    assert vision == VISION
    assert sorted(sent) == sorted(ECHOES)
