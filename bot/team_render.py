"""/team and /privacy as text."""

from __future__ import annotations

from alignment.privacy import MIN_THRESHOLD
from alignment.services.events import PrivacyTerms, TeamView
from bot.texts import UiTexts


class TeamRenderer:
    """Counts only: /team never lists who is on the team or who answered."""

    def __init__(self, texts: UiTexts) -> None:
        self._words = texts.team

    def overview(self, view: TeamView) -> str:
        """Members and participation per department, then how to change things."""
        words = self._words
        lines = [
            words.overview.format(
                business=view.business, members=view.members, threshold=view.threshold
            )
        ]
        for line in view.departments:
            participation = (
                words.participation.format(answered=line.answered, round=view.last_round)
                if line.answered is not None
                else ""
            )
            lines.append(
                words.department.format(
                    number=line.number,
                    name=line.name,
                    members=line.members,
                    participation=participation,
                )
            )
        if not view.departments:
            lines.append(words.no_departments)
        elif view.unassigned:
            lines.append(words.unassigned.format(count=view.unassigned))
        if view.last_round is not None:
            lines.append(
                words.last_round.format(
                    round=view.last_round, answered=view.answered, members=view.members
                )
            )
        lines.append(words.invites.format(count=view.live_invites))
        if view.unreachable:
            lines.append(words.unreachable.format(count=view.unreachable))
        return "\n".join(lines) + "\n\n" + words.usage

    def privacy(self, terms: PrivacyTerms) -> str:
        """Exactly which protections apply, with this team's threshold and size."""
        teams = "".join(
            self._words.privacy_team.format(business=name, members=members) + "\n"
            for name, members in terms.teams
        )
        return self._words.privacy.format(
            threshold=terms.threshold, minimum=MIN_THRESHOLD, teams=teams
        )
