"""Answer framing from `prompts/` templates: audience x language frames, year notes, references.

The frame text carries no factual claim and no `[n]` marker, so every cited sentence of an
answer is one the composer can vouch for. Templates are filled by `assistant.prompts.render`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.models import Answer, Citation, Hit
from assistant.prompts import render
from ingest.text import doc_year

_LANGUAGE_NAMES = {"ko": {"ko": "한국어", "en": "영어"}, "en": {"ko": "Korean", "en": "English"}}
# A "next step" line fits a question about applying to a program: its amount, dates, process or
# whether one may apply, answered from the program's documents (category `vouchers`).
NEXT_STEP_KINDS = frozenset({"amount", "count", "date", "how", "yesno"})
NEXT_STEP_CATEGORIES = frozenset({"vouchers"})


def next_step_fits(kind: str, hits: Iterable[Hit]) -> bool:
    """Whether the startup "next step" line fits: an application question on program documents."""
    return kind in NEXT_STEP_KINDS and any(
        h.metadata.get("category") in NEXT_STEP_CATEGORIES for h in hits)


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
    return render(f"quote_note_{language}", source_language=names).strip()


def references(citations: Sequence[Citation], language: str) -> str:
    """Reference list lines: number, title, article/section (for an English reader with its
    English heading, where the document gives one), page and source address."""
    page_word = "쪽" if language == "ko" else "p."
    lines = []
    for c in citations:
        parts = [c.title]
        if c.section:
            parts.append(c.section)
        if c.section_en and language == "en":
            parts.append(c.section_en)
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
    next_step: bool = False,
) -> str:
    """The full answer text: template `answer_<audience>_<language>` around `body`; the
    startup "next step" line only when `next_step` (see `next_step_fits`)."""
    hits = list(hits)
    text = render(
        f"answer_{audience}_{language}",
        body=body.strip(),
        year_note=year_note(hits, language),
        quote_note=quote_note(language, evidence_languages),
        references=references(citations, language),
        next_step=render(f"next_step_{language}").strip() if next_step else "",
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


def uncovered_answer(question: str, *, language: str, audience: str, entity: str,
                     attribute: str, standalone: str = "") -> Answer:
    """"The documents describe X but do not state Y": no citation to unrelated facts ("the
    documents do not state Y" when no X is named)."""
    template = f"uncovered_{language}" if entity.strip() else f"unstated_{language}"
    text = render(template, entity=entity, attribute=attribute).strip()
    return Answer(
        question=question, language=language, audience=audience,  # type: ignore[arg-type]
        text=text, citations=[], refused=True, standalone_question=standalone or question,
    )
