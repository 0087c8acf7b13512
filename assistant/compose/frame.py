"""Answer framing from `prompts/` templates: audience x language frames, year notes, references.

The frame text carries no factual claim and no `[n]` marker, so every cited sentence of an
answer is one the composer can vouch for. Templates are filled by `assistant.prompts.render`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from assistant.models import Answer, Citation, Hit
from assistant.prompts import render
from assistant.retrieval import doc_year

T = TypeVar("T")

# Sentences that answer "can I, how much, by when, what next" (startup) or
# "where, when, who" (citizen) come first for those audiences.
_STARTUP_FIRST = re.compile(
    r"\d|원|자격|대상|신청|마감|기한|기간|접수|선정|우대|지원|eligib|deadline|apply|applica|"
    r"KRW|won|million|billion|quota|up to|%",
    re.I,
)
_CITIZEN_FIRST = re.compile(
    r"어디|위치|장소|공간|시간|일시|누구|누구나|시민|학생|이용|참석|where|located|room|space|open|"
    r"anyone|citizen|student|when|\d{4}",
    re.I,
)
_LANGUAGE_NAMES = {"ko": {"ko": "한국어", "en": "영어"}, "en": {"ko": "Korean", "en": "English"}}


def order_for_audience(items: Sequence[T], audience: str, text: Callable[[T], str]) -> list[T]:
    """Stable reorder: startup puts figures/eligibility/deadlines first, citizen where/when/who."""
    pattern = {"startup": _STARTUP_FIRST, "citizen": _CITIZEN_FIRST}.get(audience)
    if pattern is None:
        return list(items)
    return sorted(items, key=lambda item: 0 if pattern.search(text(item)) else 1)


def year_note(hits: Iterable[Hit], language: str) -> str:
    """"2023년 기준" / "As of 2023" line for the years the cited documents are about, or ''."""
    years = sorted({y for y in (doc_year(h.metadata) for h in hits) if y})
    if not years:
        return ""
    joined = "·".join(f"{y}년" for y in years) if language == "ko" else ", ".join(map(str, years))
    return render(f"year_note_{language}", years=joined).strip()


def quote_note(language: str, evidence_languages: Iterable[str]) -> str:
    """Note that quotes are in the source's language when it differs from the answer's, or ''."""
    others = sorted({lang for lang in evidence_languages if lang != language})
    if not others:
        return ""
    names = ", ".join(_LANGUAGE_NAMES[language][lang] for lang in others)
    return render(f"quote_note_{language}", source_language=names).rstrip("\n")


def references(citations: Sequence[Citation], language: str) -> str:
    """Reference list lines: number, title, article/section, page and source address."""
    page_word = "쪽" if language == "ko" else "p."
    lines = []
    for c in citations:
        parts = [c.title]
        if c.section:
            parts.append(c.section)
        if c.page:
            parts.append(f"{c.page}{page_word}" if language == "ko" else f"{page_word} {c.page}")
        parts.append(c.url or c.source)
        lines.append(f"{c.n}. " + " · ".join(p for p in parts if p))
    return "\n".join(lines)


def frame(
    body: str,
    *,
    language: str,
    audience: str,
    citations: Sequence[Citation],
    hits: Iterable[Hit],
    evidence_languages: Iterable[str] = (),
) -> str:
    """The full answer text: template `answer_<audience>_<language>` around `body`."""
    text = render(
        f"answer_{audience}_{language}",
        body=body.strip(),
        year_note=year_note(hits, language),
        quote_note=quote_note(language, evidence_languages),
        references=references(citations, language),
    )
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def refusal_answer(
    question: str, *, language: str, audience: str, standalone: str = ""
) -> Answer:
    """A refusal in the user's language: no citations, contact route and answerable topics."""
    name = f"refusal_staff_{language}" if audience == "staff" else f"refusal_{language}"
    return Answer(
        question=question, language=language, audience=audience,  # type: ignore[arg-type]
        text=render(name).strip(), citations=[], refused=True,
        standalone_question=standalone or question,
    )
