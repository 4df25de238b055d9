"""The questionnaire engine: scripts as data, a pure cursor over them, and answer validation."""

from alignment.questionnaire.catalog import ScriptCatalog, load_scripts
from alignment.questionnaire.engine import Plan, RepeatItem, Step
from alignment.questionnaire.model import Option, Question, QuestionType, ReviewKind, Script
from alignment.questionnaire.validation import AnswerValue, InvalidAnswer, parse_choice, parse_text

__all__ = [
    "AnswerValue",
    "InvalidAnswer",
    "Option",
    "Plan",
    "Question",
    "QuestionType",
    "RepeatItem",
    "ReviewKind",
    "Script",
    "ScriptCatalog",
    "Step",
    "load_scripts",
    "parse_choice",
    "parse_text",
]
