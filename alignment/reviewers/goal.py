"""Goal review: an outcome, then SMART (specific, measurable, achievable, relevant, time-bound).

Thresholds, and why:

- outcome: a title that leads with something the team does ("post on Instagram more", "run
  workshops") while no word of title, metric or target names a result for the business
  (bookings, sales, customers, ...) is an activity. Activities are how a goal is reached, not
  the goal: counting posts says nothing about whether the posts brought anyone in.

- specific: a title of at least MIN_TITLE_WORDS (3) words in which vague words ("improve",
  "grow", "best", ...) make up less than VAGUE_LIMIT (half) of the meaningful words. "Grow
  sales" can mean anything; "Win 5 café accounts in Leeds" cannot.
- measurable: a metric is named and the target holds a number (digits or a number word).
- achievable: confidence of ENOUGH_CONFIDENCE (7) or more passes — where owners start saying
  "likely". 4–6 is a stretch: not passed, but only a gentle gap. STRETCH_FLOOR (3) or less
  fails and the note suggests a smaller first step.
- relevant: "serves" shares at least one content word with the vision (stems, ignoring stop,
  vague and numeric words). With no vision yet it is a gentle gap, not a failure.
- time-bound: the deadline is after today and at most MAX_YEARS (3) years away; further out
  is vision territory. The goals script refuses other dates as they are typed (its
  ``max_years`` must equal MAX_YEARS); the check stays for goals kept from an earlier day.

When several criteria are equally weak, the coaching question follows SMART order.
"""

from __future__ import annotations

from datetime import date

from alignment.questionnaire.validation import years_after
from alignment.reviewers.checks import Level, Verdict, build_review, verdict
from alignment.reviewers.lexicon import Lexicon, list_of, text_of
from alignment.reviewers.model import GoalDraft, Review
from alignment.reviewers.texts import (
    AchievableTexts,
    GoalTexts,
    MeasurableTexts,
    OutcomeTexts,
    RelevantTexts,
    SpecificTexts,
    TimeBoundTexts,
)

MIN_TITLE_WORDS = 3
VAGUE_LIMIT = 1 / 2
ENOUGH_CONFIDENCE = 7
STRETCH_FLOOR = 3
MAX_YEARS = 3


def review_goal(
    texts: GoalTexts, lexicon: Lexicon, goal: GoalDraft, vision: str | None, today: date
) -> Review:
    """Check a goal against SMART, linking it to the vision when there is one."""
    verdicts = [
        _outcome(texts.outcome, lexicon, goal),
        _specific(texts.specific, lexicon, goal.title),
        _measurable(texts.measurable, lexicon, goal.metric, goal.target),
        _achievable(texts.achievable, goal.confidence),
        _relevant(texts.relevant, lexicon, goal.serves, vision),
        _time_bound(texts.time_bound, goal.deadline, today),
    ]
    return build_review("goal", verdicts, texts.moving_on)


def _outcome(texts: OutcomeTexts, lexicon: Lexicon, goal: GoalDraft) -> Verdict:
    """An activity named as the goal, with nothing about what it should change."""
    title = lexicon.tokens(goal.title)
    said = lexicon.tokens(" ".join((goal.title, goal.metric, goal.target)))
    activities = lexicon.activities.find(title)
    if activities and not lexicon.outcomes.find(said):
        note, level = texts.activity, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    activity = text_of(title, activities[0]) if activities else ""
    fields = ("title", "metric", "target")
    return verdict(
        "outcome", texts, note, level, fields, activity=activity, title=goal.title.strip()
    )


def _specific(texts: SpecificTexts, lexicon: Lexicon, title: str) -> Verdict:
    tokens = lexicon.tokens(title)
    share, spans = lexicon.share(tokens, lexicon.vague)
    if len(tokens) < MIN_TITLE_WORDS:
        note, level = texts.too_short, Level.FAIL
    elif share >= VAGUE_LIMIT:
        note, level = texts.vague, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    vague = list_of(tokens, spans)
    return verdict("specific", texts, note, level, ("title",), words=len(tokens), vague=vague)


def _measurable(texts: MeasurableTexts, lexicon: Lexicon, metric: str, target: str) -> Verdict:
    fields = ("target",)
    if not metric.strip():
        note, level, fields = texts.no_metric, Level.FAIL, ("metric",)
    elif not any(token.is_numeric for token in lexicon.tokens(target)):
        note, level = texts.no_number, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict(
        "measurable", texts, note, level, fields, metric=metric.strip(), target=target.strip()
    )


def _achievable(texts: AchievableTexts, confidence: int) -> Verdict:
    if confidence >= ENOUGH_CONFIDENCE:
        note, level = texts.passed, Level.PASS
    elif confidence > STRETCH_FLOOR:
        note, level = texts.stretch, Level.NEARLY
    else:
        note, level = texts.too_low, Level.FAIL
    return verdict(
        "achievable",
        texts,
        note,
        level,
        ("confidence",),
        confidence=confidence,
        enough=ENOUGH_CONFIDENCE,
    )


def _relevant(texts: RelevantTexts, lexicon: Lexicon, serves: str, vision: str | None) -> Verdict:
    vision_words = lexicon.content(lexicon.tokens(vision or ""))
    serves_words = lexicon.content(lexicon.tokens(serves))
    shared = [word for stem, word in serves_words.items() if stem in vision_words]
    if not vision or not vision.strip():
        note, level = texts.no_vision, Level.NEARLY
    elif not serves.strip():
        note, level = texts.no_serves, Level.FAIL
    elif not shared:
        note, level = texts.no_overlap, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict("relevant", texts, note, level, ("serves",), shared=", ".join(shared))


def _time_bound(texts: TimeBoundTexts, deadline: date, today: date) -> Verdict:
    if deadline <= today:
        note, level = texts.past, Level.FAIL
    elif deadline > years_after(today, MAX_YEARS):
        note, level = texts.too_far, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict(
        "time_bound",
        texts,
        note,
        level,
        ("deadline",),
        deadline=deadline.isoformat(),
        max_years=MAX_YEARS,
    )
