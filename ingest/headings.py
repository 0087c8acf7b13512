"""Headings as chunking reads them: their normal form (without a trailing "<개정 …>" note) and,
where a document gives English titles for its Korean headings (front matter `headings_en`, as
the statutes in corpus/policies do), their English form with the statute unit's label.
Plain `re`.
"""

from __future__ import annotations

import re

_ANNOTATION = re.compile(r"\s*<[^<>]*>\s*$")  # "<개정 2020.2.4>" after a heading


def heading_label(text: str) -> str:
    """A heading as section paths spell it: single spaces, no trailing "<개정 …>" note."""
    return _ANNOTATION.sub("", " ".join(text.split()))


# English names of the statute units a Korean heading opens with: "제28조의2" -> "Article 28-2"
_UNIT_EN = {"편": "Part", "장": "Chapter", "절": "Section", "관": "Sub-section", "조": "Article"}
_UNIT_LABEL = re.compile(r"^제\s*(\d+)\s*(편|장|절|관|조)(?:\s*의\s*(\d+))?")


def _by_heading(mapping: object, value) -> dict[str, str]:
    """A front-matter mapping keyed by Korean headings, keyed as section paths spell headings
    (no trailing "<개정 …>", single spaces), each value as `value` spells it; empty keys and
    values are left out, and anything but a mapping gives none."""
    if not isinstance(mapping, dict):
        return {}
    return {heading_label(str(k)): value(str(v)) for k, v in mapping.items()
            if str(k).strip() and str(v).strip()}


def english_headings(mapping: object) -> dict[str, str]:
    """A document's `headings_en` (Korean heading -> English title), see `_by_heading`."""
    return _by_heading(mapping, lambda title: " ".join(title.split()))


def english_heading(heading: str, english: dict[str, str]) -> str:
    """One heading in English with its unit label ("제23조 (데이터거래사 양성 지원)" ->
    "Article 23 (Support for training data brokers)"), or "" when it has no English title."""
    title = english.get(heading)
    if not title:
        return ""
    unit = _UNIT_LABEL.match(heading)
    if not unit:
        return title
    label = f"{_UNIT_EN[unit.group(2)]} {unit.group(1)}" + (f"-{unit.group(3)}" if unit.group(3)
                                                            else "")
    return f"{label} ({title})" if unit.group(2) == "조" else f"{label} {title}"


def english_section(section: str, english: dict[str, str]) -> str:
    """The English heading of a section path: its innermost part that the document gives one
    for ("" if none). Only the innermost: the chapter's words are every article's."""
    for part in reversed(section.split(" > ") if english and section else []):
        if found := english_heading(part, english):
            return found
    return ""


def heading_fixes(mapping: object) -> dict[str, str]:
    """A document's `headings_fixed` (a heading as published -> the heading it must cite, for a
    heading published wrong), see `_by_heading`."""
    return _by_heading(mapping, heading_label)


def fixed_section(section: str, fixes: dict[str, str]) -> str:
    """A section path with each heading `fixes` corrects replaced."""
    if not fixes or not section:
        return section
    return " > ".join(fixes.get(part, part) for part in section.split(" > "))
