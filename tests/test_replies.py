"""Long replies are split at line breaks so each part fits in one Telegram message."""

from __future__ import annotations

from bot.sender import MESSAGE_LIMIT, chunks


def test_short_text_is_one_message() -> None:
    assert chunks("Hello\nthere") == ["Hello\nthere"]


def test_long_text_splits_at_line_breaks_and_keeps_every_line() -> None:
    lines = [f"“Comment number {i} from the team.”" for i in range(400)]
    parts = chunks("\n".join(lines))
    assert len(parts) > 1
    assert all(len(part) <= MESSAGE_LIMIT for part in parts)
    assert "\n".join(parts).splitlines() == lines


def test_a_single_overlong_line_is_cut_hard() -> None:
    parts = chunks("x" * (MESSAGE_LIMIT * 2 + 10))
    assert [len(p) for p in parts] == [MESSAGE_LIMIT, MESSAGE_LIMIT, 10]
