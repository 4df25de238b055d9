"""End to end: a curious owner attacks the anonymity of /report, /report csv, /team and /results.

Each test is one attack from the audit (issue 13), tried through the fake Bot API, and asserts
that nothing about one person can be recovered. The owner's workspace and strategy are seeded
in the database; members join from real invite links and answer real pulses.
"""

from __future__ import annotations

import pytest

from alignment.dimensions import Dimension
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.seed import supply_goal
from tests.support.team import PULSE_ITEMS, answer_pulse, invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
TEXTS = UI.report
COMMUNICATION = [item.id for item in PULSE_ITEMS if item.dimension is Dimension.COMMUNICATION_FLOW]
CLOSE = "Close the round now"
TOP_GOAL = supply_goal().title


async def join(
    api: FakeBotApi, owner: Chat, token: str, number: int, **answers: int | None
) -> Chat:
    """A member who opens the link and answers the pulse (4 everywhere unless told)."""
    chat = member(api, owner, number, f"Member{number}")
    await chat.say(f"/start {token}")
    await answer_pulse(chat, answers, top_goal=TOP_GOAL)
    return chat


async def answer(chat: Chat, **answers: int | None) -> None:
    """An existing member answers the open round."""
    await chat.say("/pulse")
    await answer_pulse(chat, answers, top_goal=TOP_GOAL)


async def close(owner: Chat) -> None:
    """The owner closes the open round from /round's button."""
    await owner.say("/round")
    await owner.tap(CLOSE)


async def report_of(owner: Chat) -> str:
    """/report, then its Details button: the figures, where held-back ones are explained."""
    summary = (await owner.say("/report"))[0]
    return texts(await owner.tap(UI.buttons.details, summary))


async def next_round(owner: Chat, clock: FakeClock) -> None:
    """A week later, the owner opens the next round."""
    clock.advance(days=7)
    await owner.say("/round open")


@pytest.mark.long(seconds=15)
async def test_a_figure_two_people_answered_is_held_back_for_owner_and_members(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    token = invite_token(await seeded.say("/invite"))
    skip = dict.fromkeys(COMMUNICATION)
    first = await join(bot_api, seeded, token, 1, **{COMMUNICATION[0]: 1})
    await join(bot_api, seeded, token, 2, **skip)
    await join(bot_api, seeded, token, 3, **skip)
    await close(seeded)

    report = await report_of(seeded)
    name = UI.dimensions[Dimension.COMMUNICATION_FLOW]
    held = TEXTS.withheld["few_people"].format(figure=name, threshold=3)
    assert held in report
    assert f"{name}: team" not in report
    csv = await seeded.say("/report csv")
    rows = bot_api.calls_since(0, "sendDocument")[-1].files["document"][1].decode()
    assert ",communication_flow,,," in rows, csv
    assert held in texts(await first.say("/results"))


async def test_one_absent_person_does_not_make_a_second_report(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock
) -> None:
    token = invite_token(await seeded.say("/invite"))
    team = [await join(bot_api, seeded, token, n) for n in range(1, 5)]
    await close(seeded)
    first = await report_of(seeded)

    # Round 2: the same people but one, who alone answered 1 everywhere round 1 did not ask.
    await next_round(seeded, clock)
    for chat in team[:3]:
        await answer(chat)
    await close(seeded)
    second = await report_of(seeded)
    assert TEXTS.header.format(business="Rosie's", round=1) in second
    assert TEXTS.waiting["small_change"].format(rounds="2") in second
    assert second.split("\n\n")[2] == first.split("\n\n")[2]  # the same figures as before

    # Round 3: the fourth person is back; rounds 2 and 3 have the same four people as round 1.
    await next_round(seeded, clock)
    await answer(team[3])
    for chat in team[:2]:
        await answer(chat)
    await close(seeded)
    third = await report_of(seeded)
    assert TEXTS.header.format(business="Rosie's", round=3) in third
    assert TEXTS.pooled.format(rounds="2, 3", respondents=4) in third


async def test_accounts_that_join_during_a_round_cannot_expose_the_one_real_answer(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock
) -> None:
    token = invite_token(await seeded.say("/invite"))
    team = [await join(bot_api, seeded, token, n) for n in range(1, 4)]
    await close(seeded)
    await seeded.say("/report")

    # Round 2: one real member answers; two fresh accounts join the open round and answer.
    await next_round(seeded, clock)
    await answer(team[0])
    clock.advance(hours=1)
    for number in (8, 9):
        await join(bot_api, seeded, token, number, **{item.id: 1 for item in PULSE_ITEMS})
    await close(seeded)
    report = await report_of(seeded)
    assert TEXTS.header.format(business="Rosie's", round=1) in report
    assert TEXTS.waiting["few_established"].format(rounds="2") in report
    # Members can see the team grew: /privacy gives its size now.
    size = UI.team.privacy_team.format(business="Rosie's", members=5)
    assert size in texts(await team[1].say("/privacy"))


@pytest.mark.long(seconds=15)
async def test_departments_and_participation_cannot_be_worked_out_by_subtraction(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    for name in ("Kitchen", "Shop", "Van"):
        await seeded.say(f"/team add {name}")
    sizes = {"Kitchen": 4, "Shop": 3, "Van": 1}
    number = 0
    for department, size in sizes.items():
        token = invite_token(await seeded.say(f"/invite {department}"))
        for _ in range(size):
            number += 1
            await join(bot_api, seeded, token, number)
    await close(seeded)

    # /team: Van's one person would be total minus Kitchen minus Shop, so Shop is blank too.
    team = texts(await seeded.say("/team"))
    assert "Kitchen · members: 4 · 4 answered" in team
    assert "Shop · members: 3\n" in team
    assert "Van · members: 1\n" in team

    before = await report_of(seeded)
    shown = TEXTS.departments.format(
        departments=TEXTS.department.format(name="Kitchen", headline=75, n=4)
    )
    assert shown in before
    assert "Shop" not in before
    assert TEXTS.hidden.format(count=2) in before
    # Removing the one-person department after the report does not reveal Shop for that round.
    await seeded.say("/team remove Van")
    after = await report_of(seeded)
    assert shown in after
    assert "Shop" not in after
