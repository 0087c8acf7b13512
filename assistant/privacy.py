"""Personal data masked before anything a user typed is written to a log: resident registration
numbers (주민등록번호), card numbers, business registration numbers, phone numbers and e-mail
addresses. Patterns, most specific first; each match is replaced by a labelled mask."""

from __future__ import annotations

import re

_SEP = r"[ .\-]?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")),
    # 주민등록번호 / 외국인등록번호: YYMMDD-NNNNNNN (the 7th digit 1-8)
    ("rrn", re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-–]?\s?"
                       r"[1-8]\d{6}(?!\d)")),
    # card numbers: 4-4-4-4 (or 13-19 digits in groups)
    ("card", re.compile(r"(?<!\d)(?:\d{4}[ \-]?){3}\d{1,7}(?!\d)")),
    # 사업자등록번호: NNN-NN-NNNNN
    ("brn", re.compile(r"(?<!\d)\d{3}-\d{2}-\d{5}(?!\d)")),
    # phone numbers: Korean mobile and area codes, with or without +82 and separators
    ("phone", re.compile(r"(?<![\d\w])(?:\+82[ \-]?(?:0)?|0)(?:1[016789]|2|[3-6][1-5]|70|50\d?)"
                         rf"{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)")),
]
MASKS = {"email": "[이메일]", "rrn": "[주민등록번호]", "card": "[카드번호]",
         "brn": "[사업자번호]", "phone": "[전화번호]"}


def mask(text: str) -> str:
    """`text` with personal numbers and addresses replaced by masks like `[전화번호]`."""
    if not text:
        return text
    for kind, pattern in PATTERNS:
        text = pattern.sub(MASKS[kind], text)
    return text
