"""Callback data: what the bot packs into a button, and parsing it back."""

from __future__ import annotations

import pytest

from alignment.questionnaire import load_scripts
from alignment.services.checkins import Action
from bot.callbacks import (
    MAX_BYTES,
    AnswerPulse,
    Button,
    CheckInButton,
    ChooseDepartment,
    CloseRound,
    LeaveTeam,
    MenuButton,
    WithdrawInvite,
    pack,
    parse,
)
from bot.settings import PROJECT_ROOT


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
        (AnswerPulse(2), "pulse:go:2"),
        (LeaveTeam(999_999_999_999), "leave:ws:999999999999"),
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
