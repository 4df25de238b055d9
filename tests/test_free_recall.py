"""Free recall: "what are our top priorities?" in the member's own words, scored against the
top goal (words offline, embeddings with a model) and reported as a share."""

from __future__ import annotations

import pytest

from alignment.scoring.free_recall import (
    NAMED,
    FreeRecall,
    Method,
    by_similarities,
    by_words,
    coverage,
)
from alignment.team.items import ECHO, PRIORITIES, RECALL
from alignment.team.rotation import choose
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat
from tests.support.language_models import Embeddings, Switched
from tests.support.team import SCRIPTS, SEEDED_GOAL, details_after_round, report_details

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
GOAL = "Open a second bakery in Leeds by June 2027"


# -- the word method ------------------------------------------------------------------------


def test_an_answer_names_the_goal_by_most_of_its_content_words() -> None:
    # Goal stems: open, second, baker, leed, june ("2027" has a digit and is left out).
    assert coverage(GOAL, "A second bakery in Leeds!") == pytest.approx(3 / 5)
    assert coverage(GOAL, "Second shop in Leeds, catering, hire a baker") == pytest.approx(2 / 5)
    assert coverage(GOAL, "Cut costs") == 0.0
    assert coverage("2027", "anything") == 0.0


def test_listing_more_priorities_does_not_lose_the_named_goal() -> None:
    short = "Second bakery in Leeds"
    listed = f"{short}, a catering service, new website and fewer wasted loaves"
    assert coverage(GOAL, listed) == coverage(GOAL, short) >= NAMED


def test_the_share_counts_answers_that_name_the_goal() -> None:
    answers = ["Second bakery in Leeds", "Open in Leeds, a second one", "Sell more cakes"]
    found = by_words(GOAL, answers)
    assert found == FreeRecall(pytest.approx(200 / 3), 3, Method.WORDS)  # type: ignore[arg-type]


def test_answers_in_another_language_are_not_scored() -> None:
    found = by_words(GOAL, ["Second bakery in Leeds", "Wir wollen eine zweite Bäckerei eröffnen"])
    assert (found.named, found.scored) == (100.0, 1)


def test_embeddings_name_the_goal_from_the_closeness_threshold() -> None:
    assert by_similarities([0.81, 0.5, 0.2, 0.49]) == FreeRecall(50.0, 4, Method.EMBEDDINGS)


def test_free_recall_is_asked_with_the_echo_and_before_the_recall_choices() -> None:
    pulse = SCRIPTS["pulse"]
    ids = [q.id for q in pulse.questions]
    assert ids.index(PRIORITIES) < ids.index(RECALL)
    first = choose(pulse, [], 2)
    assert {ECHO, PRIORITIES} <= set(first)
    second = choose(pulse, [first], 2)
    assert ECHO not in second
    assert PRIORITIES not in second


# -- end to end -----------------------------------------------------------------------------


def naming(*answers: str | None) -> list[dict[str, str | None]]:
    """One member per free recall answer (None: the member skips it)."""
    return [{"priorities": said} for said in answers]


@pytest.fixture
def bot_model() -> Switched:
    """Offline until a test hands it a stub."""
    return Switched()


async def test_free_recall_is_reported_as_a_share_by_words_or_by_embeddings(
    seeded: Chat, bot_api: FakeBotApi, bot_model: Switched
) -> None:
    named = SEEDED_GOAL
    answers = [named, f"{named}, and happier customers", "Cheaper flour"]
    details = await details_after_round(seeded, bot_api, naming(*answers, None))
    words = UI.report
    methods = words.free_recall_methods
    line = words.free_recall.format(named=67, scored=3, method=methods[Method.WORDS])
    assert line in details

    model = Embeddings([0.9, 0.3, 0.7])
    bot_model.model = model
    details = await report_details(seeded)
    line = words.free_recall.format(named=67, scored=3, method=methods[Method.EMBEDDINGS])
    assert line in details
    ((reference, sent),) = model.asked
    assert reference == SEEDED_GOAL
    assert sorted(sent) == sorted(answers)


async def test_two_free_recall_answers_give_no_share(seeded: Chat, bot_api: FakeBotApi) -> None:
    details = await details_after_round(
        seeded, bot_api, naming(SEEDED_GOAL, SEEDED_GOAL, None, None)
    )
    words = UI.report
    assert words.free_recall.split("{")[0] not in details
    held = words.withheld["few_people"].format(figure=words.figures[PRIORITIES], threshold=3)
    assert held in details
