"""A pure cursor over a script: given the answers so far, which step comes next.

Keys identify a step within one check-in: ``vision`` for a plain question, ``title#2`` for
the second pass of a counted repeat, ``value@17`` for the item with key 17 of a for-each
repeat, and ``more#1`` for "add another?" after the first pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from alignment.questionnaire.model import Option, Question, QuestionType, Script
from alignment.questionnaire.validation import AnswerValue

MORE_ID = "more"
YES = "yes"


@dataclass(frozen=True)
class RepeatItem:
    """Something a for-each script is asked about, such as one goal."""

    key: str
    label: str


@dataclass(frozen=True)
class Step:
    """One question as asked at one point of a check-in."""

    key: str
    question: Question
    n: int = 1
    item: RepeatItem | None = None

    @property
    def text(self) -> str:
        """The question text with its placeholders filled in."""
        return self._fill(self.question.text)

    @property
    def hint(self) -> str | None:
        """The hint with its placeholders filled in."""
        return self._fill(self.question.hint) if self.question.hint else None

    @property
    def is_more(self) -> bool:
        """Whether this is the "add another?" step of a counted repeat."""
        return self.question.id == MORE_ID

    def _fill(self, text: str) -> str:
        return text.format(n=self.n, item=self.item.label if self.item else "")


class Plan:
    """A script bound to the items it repeats over; all methods are pure."""

    def __init__(self, script: Script, items: Sequence[RepeatItem] = ()) -> None:
        self.script = script
        self._items = tuple(items)
        self._more = _more_question(script)
        self._by_key = {step.key: step for step in self._every_step()}

    def next_step(self, answers: Mapping[str, AnswerValue]) -> Step | None:
        """The first step on the current path without an answer, or None when done."""
        return next((s for s in self.path(answers) if s.key not in answers), None)

    def path(self, answers: Mapping[str, AnswerValue]) -> Iterator[Step]:
        """Every step the owner will be asked, given the "add another?" answers so far."""
        for n, item in self._iterations():
            yield from self._pass(n, item)
            more = self._more_step(n)
            if more is not None:
                yield more
                if answers.get(more.key) != YES:
                    return

    def previous(self, answers: Mapping[str, AnswerValue]) -> Step | None:
        """The answered step just before the open one, which "Back" returns to."""
        before: Step | None = None
        for step in self.path(answers):
            if step.key not in answers:
                return before
            before = step
        return before

    def find(self, key: str) -> Step | None:
        """The step with this key, whether or not it is on the current path."""
        return self._by_key.get(key)

    def same_pass(self, key: str) -> list[str]:
        """Keys of the questions asked in the same pass as this step (to rewrite a whole goal)."""
        anchor = self._by_key[key]
        return [
            s.key
            for s in self._by_key.values()
            if not s.is_more and s.n == anchor.n and s.item == anchor.item
        ]

    def progress(self, answers: Mapping[str, AnswerValue]) -> tuple[int, int]:
        """How many steps are answered, and how many there are, of the part being asked.

        That part is the whole path of a plain script, but only the open pass of a repeat: a
        count over the whole path would jump from 7/7 to 8/14 when the owner adds a goal. The
        "add another?" step, and a finished repeat, belong to no pass: (0, 0).
        """
        steps = list(self.path(answers))
        if self.script.repeat is not None:
            open_step = next((s for s in steps if s.key not in answers), None)
            if open_step is None or open_step.is_more:
                return 0, 0
            steps = [
                s for s in steps if not s.is_more and (s.n, s.item) == (open_step.n, open_step.item)
            ]
        return sum(1 for s in steps if s.key in answers), len(steps)

    def _iterations(self) -> Iterator[tuple[int, RepeatItem | None]]:
        repeat = self.script.repeat
        if repeat is None:
            yield 1, None
        elif repeat.for_each is not None:
            yield from enumerate(self._items, start=1)
        else:
            for n in range(1, repeat.max + 1):
                yield n, None

    def _more_step(self, n: int) -> Step | None:
        """The "add another?" step after pass n, if the script asks one there."""
        repeat = self.script.repeat
        if self._more is None or repeat is None or not repeat.min <= n < repeat.max:
            return None
        return Step(f"{MORE_ID}#{n}", self._more, n)

    def _pass(self, n: int, item: RepeatItem | None) -> Iterator[Step]:
        for question in self.script.questions:
            yield Step(_key(self.script, question.id, n, item), question, n, item)

    def _every_step(self) -> Iterator[Step]:
        for n, item in self._iterations():
            yield from self._pass(n, item)
            more = self._more_step(n)
            if more is not None:
                yield more


def _key(script: Script, question_id: str, n: int, item: RepeatItem | None) -> str:
    if item is not None:
        return f"{question_id}@{item.key}"
    if script.repeat is not None:
        return f"{question_id}#{n}"
    return question_id


def _more_question(script: Script) -> Question | None:
    repeat = script.repeat
    if repeat is None or repeat.more_prompt is None or repeat.for_each is not None:
        return None
    return Question(
        id=MORE_ID,
        text=repeat.more_prompt,
        type=QuestionType.CHOICE,
        options=(
            Option(value=YES, label=repeat.more_yes),
            Option(value="no", label=repeat.more_no),
        ),
    )
