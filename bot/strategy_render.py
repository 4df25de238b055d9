"""/vision and /goals as text, with the buttons that start changing them."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from alignment.services import StrategyView
from bot import keyboards
from bot.callbacks import MarkTopGoal, MenuButton
from bot.outgoing import Outgoing
from bot.texts import UiTexts


class StrategyRenderer:
    """The current strategy version, as the owner reads it."""

    def __init__(self, texts: UiTexts) -> None:
        self._texts = texts

    def vision(self, view: StrategyView | None) -> Outgoing:
        """The /vision view."""
        texts = self._texts.strategy
        if view is None:
            return Outgoing(texts.not_set_up)
        edit = keyboards.single(self._texts.buttons.edit_vision, MenuButton("vision"))
        if view.vision is None:
            return Outgoing(texts.no_vision, edit)
        return Outgoing(
            texts.vision.format(
                business=view.business,
                version=view.version,
                updated=view.updated_at.date().isoformat() if view.updated_at else "",
                vision=view.vision or texts.missing,
                mission=view.mission or texts.missing,
                values="\n".join(f"• {v}" for v in view.values) or texts.missing,
            ),
            edit,
        )

    def goals(self, view: StrategyView | None) -> Outgoing:
        """The /goals view."""
        texts = self._texts.strategy
        buttons = self._texts.buttons
        if view is None:
            return Outgoing(texts.not_set_up)
        if not view.goals:
            return Outgoing(
                texts.no_goals, keyboards.single(buttons.rewrite_goals, MenuButton("goals"))
            )
        parts = [texts.goals_header.format(business=view.business, version=view.version)]
        for goal in view.goals:
            block = [
                texts.goal.format(
                    position=goal.position,
                    title=goal.title,
                    target=goal.target,
                    metric=goal.metric,
                    deadline=goal.deadline.isoformat(),
                    confidence=goal.confidence,
                )
            ]
            if goal.progress is None:
                block.append(texts.no_progress)
            else:
                value = f"{goal.progress:g}{'%' if goal.progress_is_percent else ''}"
                block.append(
                    texts.progress.format(value=value, confidence=goal.progress_confidence)
                )
            if goal.blocker:
                block.append(texts.blocker.format(blocker=goal.blocker))
            if goal.top and len(view.goals) > 1:
                block.append(texts.top_goal)
            parts.append("\n".join(block))
        # With several goals, the owner can move the top priority that recall asks about.
        tops = [
            [keyboards.button(buttons.top_goal.format(position=g.position), MarkTopGoal(g.goal_id))]
            for g in view.goals
            if not g.top and len(view.goals) > 1
        ]
        keyboard = InlineKeyboardMarkup(
            [
                [keyboards.button(buttons.update_progress, MenuButton("goal_progress"))],
                [keyboards.button(buttons.rewrite_goals, MenuButton("goals"))],
                *tops,
            ]
        )
        return Outgoing("\n\n".join(parts), keyboard)
