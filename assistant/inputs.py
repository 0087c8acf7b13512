"""Checks on what a user sends, before any work is done (the CLI, the API and the UI call them
through `assistant.service`): errors carry a message key, translated at the edge."""

from __future__ import annotations

import re

from assistant.i18n import UserInputError
from ingest.text import years_in

_WORD = re.compile(r"[^\W\d_]", re.UNICODE)  # a letter of any script


def check_question(question: str, limit: int) -> str:
    """The question stripped, or a UserInputError before any work is done: empty, longer
    than `limit` characters, or no letter at all (only symbols, digits or emoji) and no year
    ("2019?" asks the previous question again for that year)."""
    if len(question) > limit * 4:  # not even worth stripping
        raise UserInputError("question_too_long", length=len(question), limit=limit)
    question = question.strip()
    if not question:
        raise UserInputError("question_empty")
    if len(question) > limit:
        raise UserInputError("question_too_long", length=len(question), limit=limit)
    if not _WORD.search(question) and not years_in(question):
        raise UserInputError("question_symbols")
    return question
