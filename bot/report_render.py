"""/report, /report csv and /results as Telegram messages, a PNG chart and a CSV file."""

from __future__ import annotations

from alignment.privacy import Hold
from alignment.reporting import HistoryPoint, ProfilePoint, render_chart
from alignment.reporting.table import history_csv
from alignment.scoring import DimensionScore, hundredths, whole
from alignment.scoring.free_recall import Method
from alignment.services.events import (
    BeforeAfter,
    Digest,
    DigestWaiting,
    MemberResults,
    ReportTable,
    StrategyChange,
    TeamReport,
)
from alignment.team.items import COMMENT, ECHO, PRIORITIES, RECALL
from alignment.team.report import Snapshot, agreement_band, headline_band
from alignment.team.themes import Themes
from bot.texts import UiTexts

SUMMARY_LIMIT = 600
"""The short /report fits one phone screen: call-outs are added only while it stays this short."""
FOCUS = 2
"""At most this many call-outs in the short /report; the figures behind them are in Details."""


def changed_parts(texts: UiTexts, change: StrategyChange) -> str:
    """The parts of the strategy a change touched, in words: "vision and goals"."""
    return texts.rhythm.joiner.join(texts.restate.parts[part] for part in change.parts)


class ReportRenderer:
    """Numbers are rounded only here, half away from zero, exactly as docs/scoring.md says."""

    def __init__(self, texts: UiTexts) -> None:
        self._texts = texts
        self._words = texts.report

    def summary(self, report: TeamReport, limit: int = SUMMARY_LIMIT) -> str:
        """The short /report: the headline in words, what matters most, one action."""
        words = self._words
        latest = report.latest
        header = words.header.format(business=report.business, round=latest.number)
        if latest.headline is None:
            said = words.no_headline
        else:
            band = headline_band(latest.headline)
            said = words.summary[band].format(headline=whole(latest.headline))
        action = words.action.format(action=words.actions[report.focus]) if report.focus else ""
        focus: list[str] = []
        for callout in report.callouts[:FOCUS]:
            gap = abs(whole(callout.gap)) if callout.gap is not None else ""
            line = f"• {words.callouts[callout.kind][callout.dimension].format(gap=gap)}"
            tried = _paragraphs(header, said, "\n".join([words.focus_header, *focus, line]), action)
            if len(tried) > limit:
                break
            focus.append(line)
        if not focus and report.focus is not None:
            level = next(s.team for s in latest.scores if s.dimension is report.focus)
            if level is not None:
                name = self._texts.dimensions[report.focus]
                focus.append(words.lowest.format(dimension=name, team=whole(level)))
        shown = "\n".join([words.focus_header, *focus]) if focus else ""
        return _paragraphs(header, said, shown, action)

    def digest(self, digest: Digest) -> str:
        """The short report of the round that just closed, after what changed since the last."""
        report = digest.report
        opening = _paragraphs(
            self._texts.rhythm.digest_intro.format(number=digest.number), self._changes(report)
        )
        return _paragraphs(opening, self.summary(report, SUMMARY_LIMIT - len(opening) - 2))

    def waiting(self, event: DigestWaiting) -> str:
        """Why a closed round shows nothing yet, and when it will."""
        words = self._texts.rhythm
        held = event.held if event.held in words.digest_waiting else Hold.FEW_PEOPLE
        upcoming = event.next_round
        after = words.next_round.format(date=upcoming.isoformat()) if upcoming else ""
        return words.digest_waiting[held].format(
            number=event.number, business=event.business, threshold=event.threshold, next=after
        )

    def _changes(self, report: TeamReport) -> str:
        """The headline then and now, and the dimension that moved most."""
        words = self._texts.rhythm
        if len(report.history) < 2:
            return words.digest_first
        lines = []
        before, after = report.history[-2].headline, report.latest.headline
        if before is not None and after is not None:
            then, now = whole(before), whole(after)
            lines.append(
                words.digest_changed.format(before=then, after=now, change=_signed(now - then))
            )
        moved = [(whole(s.change), s.dimension) for s in report.latest.scores if s.change]
        if moved:
            change, dimension = max(moved, key=lambda m: abs(m[0]))
            if change:
                name = self._texts.dimensions[dimension]
                lines.append(words.digest_mover.format(dimension=name, change=_signed(change)))
        return "\n".join(lines)

    def details(self, report: TeamReport) -> str:
        """The figures behind the summary: one line per dimension, then everything held back."""
        words = self._words
        latest = report.latest
        parts = [words.header.format(business=report.business, round=latest.number)]
        parts.append(self._who_answered(latest))
        lines = [self._line(score, latest, report.threshold) for score in latest.scores]
        if latest.headline is not None:
            lines.insert(0, words.headline.format(headline=whole(latest.headline)))
        parts.append("\n".join(lines))
        if report.since_change is not None:
            parts.append(self._before_after(report.since_change))
        if report.waiting:
            rounds = ", ".join(str(n) for n in report.waiting)
            parts.append(words.waiting[report.held or Hold.FEW_PEOPLE].format(rounds=rounds))
        parts.append(self._extras(report))
        if report.themes is not None:
            parts.append(self._themes(report.themes, len(report.comments)))
        if report.comments:
            parts.append("\n".join([words.comments_header, *(f"“{c}”" for c in report.comments)]))
        if report.echoes:
            foreign = (
                [words.echo_foreign.format(count=report.foreign_echoes)]
                if report.foreign_echoes
                else []
            )
            echoes = [f"“{e}”" for e in report.echoes]
            parts.append("\n".join([words.echoes_header, *echoes, *foreign]))
        return _paragraphs(*parts)

    def _themes(self, themes: Themes, comments: int) -> str:
        """What the comments are about, each theme with its sentiment and how many mention it."""
        words = self._words
        lines = [
            words.theme.format(
                label=theme.label,
                mentions=theme.mentions,
                comments=comments,
                sentiment=words.sentiments[theme.sentiment],
            )
            for theme in themes.themes
        ]
        return "\n".join([words.themes_header.format(comments=comments), *lines])

    def _before_after(self, since: BeforeAfter) -> str:
        """The levels before and after the owner's latest strategy change."""
        words = self._texts.restate
        levels = words.level_joiner.join(
            words.level_change.format(
                dimension=self._texts.dimensions[dimension], before=whole(old), after=whole(new)
            )
            for dimension, old, new in since.levels
        )
        change = since.change
        return words.before_after.format(
            parts=changed_parts(self._texts, change), date=change.on.isoformat(), levels=levels
        )

    def chart_caption(self) -> str:
        """What the chart shows, under it."""
        return self._words.chart_caption

    def chart(self, report: TeamReport) -> bytes:
        """Owner versus team by dimension, and the headline over time."""
        words = self._words
        profile = [
            ProfilePoint(self._texts.dimensions[s.dimension], s.team, s.owner)
            for s in report.latest.scores
        ]
        history = [
            HistoryPoint(words.round_label.format(round=s.number), s.headline)
            for s in report.history
            if s.headline is not None
        ]
        return render_chart(
            profile,
            history,
            title=words.chart_title.format(business=report.business, round=report.latest.number),
            profile_title=words.profile_title,
            history_title=words.history_title,
            team_label=words.team_label,
            owner_label=words.owner_label,
            empty_history=words.empty_history,
        )

    def csv(self, report: TeamReport | ReportTable) -> bytes:
        """Every reported round, one row per dimension."""
        return history_csv(report.history)

    def csv_caption(self, report: ReportTable) -> str:
        """The caption under the CSV document."""
        return self._words.csv_caption.format(business=report.business)

    def results(self, results: MemberResults) -> str:
        """A member's view: team levels and agreement, no owner figures, no comments."""
        words = self._words
        latest = results.latest
        if latest is None:
            return words.member_none.format(business=results.business, threshold=results.threshold)
        lines = [
            words.member_header.format(
                business=results.business, round=latest.number, respondents=latest.respondents
            )
        ]
        for score in latest.scores:
            name = self._texts.dimensions[score.dimension]
            if score.team is None:
                lines.append(self._missing(name, score.dimension, latest, results.threshold))
            else:
                line = words.member_line.format(
                    dimension=name, team=whole(score.team), agreement=self._agreement(score.rwg)
                )
                lines.append(line + self._age(score, latest))
        if latest.recall is not None:
            lines.append(words.recall.format(recall=whole(latest.recall)))
        return "\n".join(lines)

    def _who_answered(self, latest: Snapshot) -> str:
        words = self._words
        if len(latest.pooled) > 1:
            said = words.pooled.format(
                rounds=", ".join(str(n) for n in latest.pooled), respondents=latest.respondents
            )
        else:
            said = words.respondents.format(respondents=latest.respondents)
        if latest.newcomers:
            said = f"{said} {words.newcomers.format(count=latest.newcomers)}"
        return said

    def _missing(self, name: str, figure: str, latest: Snapshot, threshold: int) -> str:
        """Why a figure shows nothing: held back (and why), or nobody answered it."""
        held = dict(latest.held).get(figure)
        if held is None:
            return self._words.no_data.format(dimension=name)
        return self._words.withheld[held].format(figure=name, threshold=threshold)

    def _line(self, score: DimensionScore, latest: Snapshot, threshold: int) -> str:
        words = self._words
        name = self._texts.dimensions[score.dimension]
        if score.team is None:
            return self._missing(name, score.dimension, latest, threshold)
        missing = words.missing
        line = words.line.format(
            dimension=name,
            team=whole(score.team),
            agreement=self._agreement(score.rwg),
            owner=whole(score.owner) if score.owner is not None else missing,
            gap=f"{whole(score.gap):+d}" if score.gap is not None else missing,
            n=score.n,
            change=self._change(score.change),
        )
        return line + self._age(score, latest)

    def _age(self, score: DimensionScore, latest: Snapshot) -> str:
        """Which earlier round a figure comes from, when the reported block did not ask it."""
        measured = latest.measured(score.dimension)
        if measured is None:
            return ""
        return self._words.measured.format(
            round=measured.number, closed=measured.closed_on.isoformat()
        )

    def _change(self, change: float | None) -> str:
        if change is None:
            return ""
        points = whole(change)
        if points > 0:
            return self._words.up.format(change=points)
        if points < 0:
            return self._words.down.format(change=-points)
        return self._words.same

    def _extras(self, report: TeamReport) -> str:
        words = self._words
        latest = report.latest
        lines = []
        if report.members:
            rate = whole(100 * min(report.answered, report.members) / report.members)
            lines.append(
                words.participation.format(
                    answered=report.answered, members=report.members, rate=rate
                )
            )
        if latest.recall is not None:
            recall = words.recall.format(recall=whole(latest.recall))
            if latest.recall_any is not None:
                recall = f"{recall} {words.recall_any.format(recall=whole(latest.recall_any))}"
            lines.append(recall)
        if report.free_recall is not None:
            free = report.free_recall
            lines.append(
                words.free_recall.format(
                    named=whole(free.named),
                    scored=free.scored,
                    method=words.free_recall_methods[free.method],
                )
            )
        if latest.echo is not None:
            said = words.echo if report.echo_method is Method.WORDS else words.echo_embeddings
            lines.append(said.format(echo=whole(100 * latest.echo)))
        for figure in (RECALL, PRIORITIES, ECHO, COMMENT):
            if figure in dict(latest.held):
                name = words.figures[figure]
                lines.append(self._missing(name, figure, latest, report.threshold))
        if report.departments:
            shown = ", ".join(
                words.department.format(
                    name=d.name,
                    headline=whole(d.headline) if d.headline is not None else words.missing,
                    n=d.respondents,
                )
                for d in report.departments
            )
            lines.append(words.departments.format(departments=shown))
        if report.hidden_departments:
            lines.append(words.hidden.format(count=report.hidden_departments))
        return "\n".join(lines)

    def figure(self, score: DimensionScore) -> str:
        """A team level with its n and agreement, as /actions shows before and after."""
        assert score.team is not None
        figure = self._texts.commitments.figure
        return figure.format(
            level=whole(score.team), n=score.n, agreement=self._agreement(score.rwg)
        )

    def _agreement(self, rwg: float | None) -> str:
        """Agreement in words, with rWG(J) to two decimals; the cut-offs of docs/scoring.md."""
        band = agreement_band(rwg)
        if rwg is None or band is None:
            return self._words.no_agreement
        return self._words.agreement[band].format(rwg=f"{hundredths(rwg):.2f}")


def _signed(change: int) -> str:
    return f"{change:+d}" if change else "±0"


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)
