"""Callback data: what the bot packs into a button, and parsing it back."""

from __future__ import annotations

import pytest
from telegram import CallbackQuery, Update, User
from telegram.ext import Application, CallbackQueryHandler

from alignment.dimensions import Dimension
from alignment.questionnaire import load_scripts
from alignment.reassessment.triggers import Kind
from alignment.services.checkins import Action
from alignment.services.schedule_settings import Setting
from bot.app import build_application
from bot.callbacks import (
    INVITE_STEP,
    MAX_BYTES,
    PATTERNS,
    AnswerPulse,
    Button,
    ChangeSetting,
    CheckInButton,
    ChooseDepartment,
    ChooseEntry,
    CloseRound,
    CommitmentDone,
    CommitToAction,
    ConfirmLeave,
    Entry,
    GoAway,
    LeaveTeam,
    MarkTopGoal,
    MenuButton,
    Namespace,
    NextStep,
    NudgeAction,
    NudgeButton,
    ShowDetails,
    TakeSuggestion,
    WithdrawInvite,
    pack,
    parse,
)
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes.bot_api import DEFAULT_TOKEN

SAMPLES: dict[Namespace, Button] = {
    Namespace.CHECKIN: CheckInButton(Action.ANSWER, 12, 3, 0),
    Namespace.MENU: MenuButton("goals"),
    Namespace.INVITE: WithdrawInvite(42),
    Namespace.DEPARTMENT: ChooseDepartment(7, 1),
    Namespace.ROUND: CloseRound(3),
    Namespace.PULSE: AnswerPulse(2),
    Namespace.LEAVE: LeaveTeam(9),
    Namespace.CONFIRM_LEAVE: ConfirmLeave(9, confirmed=True),
    Namespace.ENTRY: ChooseEntry(Entry.JOIN),
    Namespace.NEXT: NextStep(INVITE_STEP),
    Namespace.REPORT: ShowDetails(),
    Namespace.TOP_GOAL: MarkTopGoal(17),
    Namespace.NUDGE: NudgeButton(NudgeAction.NOT_NOW, Kind.SCORE_DROP),
    Namespace.SETTINGS: ChangeSetting(Setting.QUIET, "21.00-08.00"),
    Namespace.AWAY: GoAway(2),
    Namespace.COMMIT: CommitToAction(Dimension.COMMUNICATION_FLOW),
    Namespace.TAKE: TakeSuggestion(5, "what"),
    Namespace.DONE: CommitmentDone(5, done=False),
}
"""One button the renderer can make per namespace."""


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (CheckInButton(Action.ANSWER, 12, 3), "ci:a:12:3"),
        (CheckInButton(Action.ANSWER, 12, 3, 0), "ci:a:12:3:0"),
        (CheckInButton(Action.TOGGLE, 7, 1, 999), "ci:t:7:1:999"),
        (
            CheckInButton(Action.KEEP_REVIEWED, 999_999_999_999, 999_999_999),
            "ci:rk:999999999999:999999999",
        ),
        (CheckInButton(Action.REWRITE, 5, 6), "ci:rw:5:6"),
        (CheckInButton(Action.DONE, 5, 6), "ci:d:5:6"),
        (CheckInButton(Action.SKIP, 5, 6), "ci:s:5:6"),
        (CheckInButton(Action.KEEP_CURRENT, 5, 6), "ci:k:5:6"),
        (CheckInButton(Action.BACK, 5, 6), "ci:b:5:6"),
        (MenuButton("vision"), "menu:vision"),
        (MenuButton("goal_progress"), "menu:goal_progress"),
        (WithdrawInvite(42), "inv:rev:42"),
        (ChooseDepartment(7, 0), "dep:set:7:0"),
        (CloseRound(3), "round:close:3"),
        (CloseRound(3, confirmed=True), "round:close:3:1"),
        (ShowDetails(), "rep:more"),
        (MarkTopGoal(17), "top:set:17"),
        (AnswerPulse(2), "pulse:go:2"),
        (LeaveTeam(999_999_999_999), "leave:ws:999999999999"),
        (ConfirmLeave(9, confirmed=True), "lv:yes:9"),
        (ConfirmLeave(9, confirmed=False), "lv:no:9"),
        (ChooseEntry(Entry.SET_UP), "entry:setup"),
        (ChooseEntry(Entry.JOIN), "entry:join"),
        (NextStep(INVITE_STEP), "next:invite"),
        (ChangeSetting(None), "cfg:home"),
        (ChangeSetting(Setting.CHECKIN), "cfg:ci"),
        (ChangeSetting(Setting.PULSE_DAY, "tue"), "cfg:pd:tue"),
        (ChangeSetting(Setting.QUIET, "21.00-08.00"), "cfg:qh:21.00-08.00"),
        (GoAway(1), "away:wk:1"),
        (CommitToAction(Dimension.VISION_CLARITY), "act:new:vision_clarity"),
        (TakeSuggestion(8, "message"), "acw:ok:8:message"),
        (CommitmentDone(8, done=True), "acd:yes:8"),
        (CommitmentDone(8, done=False), "acd:no:8"),
    ],
)
def test_pack_and_parse_round_trip(button: Button, data: str) -> None:
    assert pack(button) == data
    assert parse(data) == button


def test_option_zero_is_not_dropped() -> None:
    button = parse("ci:a:1:2:0")
    assert isinstance(button, CheckInButton)
    assert button.option == 0


def test_every_real_script_round_trips_as_a_menu_button() -> None:
    for script_id in load_scripts(PROJECT_ROOT / "prompts" / "checkins"):
        assert parse(pack(MenuButton(script_id))) == MenuButton(script_id)


def test_script_id_with_digits_round_trips() -> None:
    assert parse(pack(MenuButton("review_q3"))) == MenuButton("review_q3")


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "garbage",
        "ci:",
        "ci:a:1",
        "ci:a:1:2:",
        "ci:a:x:2",
        "ci:abc:1:2",
        "ci:A:1:2",
        "ci:a:-1:2",
        "ci:a:1234567890123:1",
        "ci:a:1:1234567890",
        "ci:a:1:2:1234",
        "ci:a:1:2:3:4",
        " ci:a:1:2",
        "menu:",
        "menu:Goals",
        "menu:goals:extra",
        "menu:" + "a" * 60,
        "admin:delete",
        "xx:a:1:2",
    ],
)
def test_anything_we_did_not_make_is_none(data: str | None) -> None:
    assert parse(data) is None


@pytest.mark.parametrize(
    "button",
    [
        MenuButton("a" * (MAX_BYTES - len("menu:") + 1)),
        CheckInButton(Action.KEEP_REVIEWED, 10**30, 10**30),
        CheckInButton(Action.ANSWER, 1, 1, 10**60),
    ],
)
def test_pack_refuses_data_over_64_bytes(button: Button) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack(button)


def test_pack_accepts_exactly_64_bytes() -> None:
    data = pack(MenuButton("a" * (MAX_BYTES - len("menu:"))))
    assert len(data.encode()) == MAX_BYTES == 64


@pytest.mark.parametrize(
    "data",
    [
        "inv:rev:",
        "inv:rev:x",
        "dep:set:1:2:3",
        "dep:set:1",
        "admin:rev:1",
        "round:close:-1",
        "pulse:GO:1",
        "inv:ws:1",
        "ci:zz:1:2",
    ],
)
def test_malformed_team_data_is_not_a_button(data: str) -> None:
    assert parse(data) is None


# -- routing ------------------------------------------------------------------------------


@pytest.fixture
def button_handlers() -> list[CallbackQueryHandler]:  # type: ignore[type-arg]
    """The button handlers of the real composition root, in the order PTB tries them."""
    settings = Settings(
        _env_file=None, telegram_bot_token=DEFAULT_TOKEN, prompts_dir=PROJECT_ROOT / "prompts"
    )
    app: Application = build_application(settings, rate_limiter=None, scheduled_jobs=False)  # type: ignore[type-arg]
    return [h for h in app.handlers[0] if isinstance(h, CallbackQueryHandler)]


def routed_to(handlers: list[CallbackQueryHandler], data: str) -> CallbackQueryHandler:  # type: ignore[type-arg]
    """The first handler that accepts a press with this data, as PTB picks it."""
    query = CallbackQuery("1", User(1, "Olena", is_bot=False), "instance", data=data)
    update = Update(1, callback_query=query)
    return next(h for h in handlers if h.check_update(update))


def test_every_namespace_has_a_sample() -> None:
    assert set(SAMPLES) == set(Namespace)
    assert all(button.namespace is namespace for namespace, button in SAMPLES.items())


@pytest.mark.parametrize("namespace", list(Namespace))
def test_only_its_own_pattern_matches_what_a_namespace_packs(namespace: Namespace) -> None:
    data = pack(SAMPLES[namespace])
    assert [n for n, pattern in PATTERNS.items() if pattern.match(data)] == [namespace]


@pytest.mark.parametrize("namespace", list(Namespace))
def test_every_namespace_is_routed_to_its_own_handler(
    button_handlers: list[CallbackQueryHandler],  # type: ignore[type-arg]
    namespace: Namespace,
) -> None:
    assert routed_to(button_handlers, pack(SAMPLES[namespace])).pattern is PATTERNS[namespace]


def test_one_handler_per_namespace_then_one_for_everything_else(
    button_handlers: list[CallbackQueryHandler],  # type: ignore[type-arg]
) -> None:
    *routes, catch_all = button_handlers
    assert len(routes) == len(PATTERNS)
    assert {h.pattern for h in routes} == set(PATTERNS.values())
    assert catch_all.pattern is None


@pytest.mark.parametrize(
    "data", ["pulse:hack:everything", "ci:zz:1:2", "inv:ws:1", "dep:set:1", "menu:", "garbage"]
)
def test_unknown_or_forged_data_reaches_the_stale_button_handler(
    button_handlers: list[CallbackQueryHandler],  # type: ignore[type-arg]
    data: str,
) -> None:
    assert parse(data) is None
    assert routed_to(button_handlers, data) is button_handlers[-1]
