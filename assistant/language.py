"""Question language by script: Hangul words against Latin words (plain `re`, no model needed)."""

from __future__ import annotations

import re
from typing import Literal

_HANGUL_WORD = re.compile(r"\S*[\uac00-\ud7a3\u3131-\u318e]\S*")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _counts(text: str) -> tuple[int, int]:
    hangul = len(_HANGUL_WORD.findall(text))
    latin = len(_LATIN_WORD.findall(_HANGUL_WORD.sub(" ", text)))
    return hangul, latin


def detect_language(text: str) -> Literal["ko", "en"]:
    """`en` when Latin words outnumber Hangul words (a tie goes to the first word's script)."""
    hangul, latin = _counts(text)
    if latin > hangul:
        return "en"
    if latin and latin == hangul:
        first = re.search(r"[A-Za-z\uac00-\ud7a3]", text)
        return "en" if first and first.group(0).isascii() else "ko"
    return "ko"


def language_of_text(text: str) -> Literal["ko", "en"]:
    """Language of a source passage: `en` only when Latin words outnumber Hangul words."""
    hangul, latin = _counts(text)
    return "en" if latin > hangul else "ko"
