"""The vision echo by embeddings in Details when the model gives them; the report says so."""

from __future__ import annotations

import pytest

from alignment.scoring.free_recall import Method
from alignment.services.events import Person, ReportDetails
from alignment.services.reports import ReportService
from bot.runtime import Runtime
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat
from tests.support.language_models import Embeddings
from tests.support.team import details_after_round

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
ECHOES = [
    "Fresh bread for cafés all over the region",
    "Being the bakery every café in the region buys from",
    "Supplying cafés with bread",
]


async def test_the_echo_is_compared_by_meaning_when_the_model_gives_embeddings(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, runtime: Runtime
) -> None:
    details = await details_after_round(seeded, bot_api, [{"echo": echo} for echo in ECHOES])
    words = UI.report
    assert words.echo.split("{")[0] in details
    assert words.echo_embeddings.split("{echo}")[1] not in details

    model = Embeddings([0.9, 0.6, 0.3])
    reports = ReportService(runtime.sessions, runtime.scripts, clock, model=model)
    (shown,) = await reports.details(Person(seeded.user.id, "Olena"))
    assert isinstance(shown, ReportDetails)
    assert shown.report.echo_method is Method.EMBEDDINGS
    assert shown.report.latest.echo == pytest.approx(0.6)
    ((vision, sent),) = model.asked
    assert vision == shown.report.vision
    assert sorted(sent) == sorted(ECHOES)
