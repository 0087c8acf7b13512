"""Staff reply drafts: an answer becomes a formal letter (greeting, cited body, references,
closing) that staff edit as Markdown and export as .md or .docx.

Flow: `inquiry_question(email)` -> `Assistant.ask(..., audience="staff")` -> `make_draft(answer)`
-> `draft_markdown(draft)` (the editable form) -> `markdown_to_docx(edited)`. Greeting, closing,
headings and reference lines are templates `prompts/draft_*_<lang>.txt`. `python-docx` writes
the .docx, with an East Asian font so Hangul and Word show Korean text correctly.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from io import BytesIO
from typing import Any

from assistant.models import Answer, Citation
from assistant.prompts import render

LATIN_FONT = "Malgun Gothic"
EAST_ASIAN_FONT = "맑은 고딕"  # the same font under its Korean name, which Hangul looks up
DOCX_LANGUAGE = {"ko": "ko-KR", "en": "en-US"}

# --- e-mail line patterns ------------------------------------------------------------------
# A pasted inquiry is read line by line. Header names, reply markers and the polite formulas
# below are general Korean/English e-mail conventions, not words of any one message.
_HEADER = re.compile(r"^(?:from|to|cc|bcc|subject|date|sent|reply-to|보낸\s?사람|받는\s?사람|"
                     r"숨은\s?참조|참조|제목|보낸\s?날짜|날짜)\s*:", re.I)
_SUBJECT = re.compile(r"^(?:subject|제목)\s*:\s*(.*)$", re.I)
_SUBJECT_TAGS = re.compile(r"^(?:(?:re|fwd?|답장|회신|전달)\s*:\s*|\[[^\]]{1,12}\]\s*)+", re.I)
# Where an earlier message starts: "On … wrote:", "…님이 작성:", "-----Original Message-----".
_QUOTE_START = re.compile(r"(?:wrote|작성(?:한 메시지|했습니다)?)\s*:$|^-{2,}\s*(?:original "
                          r"message|forwarded message|원본 메시지|전달된 메시지)\s*-{2,}$|^_{8,}$",
                          re.I)
_GREETING = re.compile(
    r"^(?:(?:안녕하(?:세요|십니까)|수고\s?(?:많으십니다|하십니다)|반갑습니다)[\s.,!~]*"
    r"(?:[^?]{0,25}입니다[.!]?)?"  # "안녕하세요, ㈜데이터랩 김민수입니다."
    r"|[^?]{0,30}님(?:께)?[\s.,!]*(?:안녕하(?:세요|십니까)[.!]?)?"  # "센터 담당자님께,"
    r"|(?:dear|hello|hi|hey|greetings|good (?:morning|afternoon|evening)|to whom it may "
    r"concern)\b[^?]*)$", re.I)
_SIGNOFF = re.compile(
    r"^(?:(?:(?:감사합니다|고맙습니다|감사드립니다|수고하세요|수고하십시오)[\s.!~^]*)+"
    r"|[^?]{0,30}(?:드림|올림)\.?"  # "김민수 드림"
    r"|(?:best |kind |warm |warmest |with )?regards\b[^?]{0,30}"
    r"|(?:sincerely|yours (?:sincerely|faithfully|truly)|cheers|best wishes|best|many thanks|"
    r"thanks|thank you)(?: again| in advance| very much| so much)?[\s,.!]*"
    r"|--|sent from my .+|.+에서 보냄)$", re.I)
_CONTACT = re.compile(r"\+?\d{1,4}[-.\s)]{1,2}\d{3,4}[-.\s]\d{4}|\S+@\S+\.\w+|https?://|"
                      r"^(?:tel|phone|mobile|fax|전화|휴대폰|연락처|팩스|e-?mail|이메일)\b", re.I)
# A body that asks something: a question mark, or a Korean interrogative or "I wonder" ending.
_ASKS = re.compile(r"\?|(?:까요?|나요|가요|는지|을지|궁금\S*|문의\s?(?:드립|합)니다)[.!]?\s*$",
                   re.M)
_SIGNATURE_LINE = 60  # signature lines (name, title, phone, address) are short


def _is_greeting(line: str) -> bool:
    return bool(_GREETING.match(line)) and len(line.split()) <= 6


def _drop_signature(lines: list[str]) -> list[str]:
    """Cut at the first sign-off followed only by short, question-free lines, then drop a
    trailing paragraph of contact details (phone, e-mail, address) that asks nothing."""
    cut = next((i for i, line in enumerate(lines) if _SIGNOFF.match(line.strip())
                and all(len(r) <= _SIGNATURE_LINE and "?" not in r for r in lines[i + 1:])), None)
    lines = lines[:cut]
    while True:
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        start = max((i + 1 for i, line in enumerate(lines) if not line.strip()), default=0)
        block = lines[start:]
        if not start or not any(_CONTACT.search(b) for b in block) or "?" in "".join(block):
            return lines
        lines = lines[:start]


def inquiry_question(text: str) -> str:
    """The question(s) in a pasted inquiry e-mail: headers, greetings, quoted replies, sign-offs
    and signatures dropped; the Subject kept when the body asks nothing. Plain text unchanged."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    subject, i = "", 0
    while i < len(lines) and (_HEADER.match(lines[i].strip()) or not lines[i].strip()
                              or (i and lines[i][:1].isspace() and _HEADER.match(lines[i - 1]))):
        found = _SUBJECT.match(lines[i].strip())
        subject = subject or (_SUBJECT_TAGS.sub("", found.group(1)).strip() if found else "")
        i += 1
    body = []
    for j, line in enumerate(lines[i:], start=i):
        s = line.strip()
        next_line = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if _QUOTE_START.search(s) or (_HEADER.match(s) and _HEADER.match(next_line)):
            break  # an earlier message, quoted below the new one
        if not s.startswith(">"):
            body.append(line)
    while body and (not body[0].strip() or _is_greeting(body[0].strip())):
        body.pop(0)
    body = _drop_signature(body)
    kept = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    if kept == text.strip():
        return kept
    if subject and not _ASKS.search(kept) and subject not in kept:
        kept = f"{subject}\n{kept}".strip()
    return kept or text.strip()


# --- drafts ------------------------------------------------------------------------------
@dataclass
class Reference:
    """One entry of a draft's references list; `n` matches the `[n]` markers of the body."""

    n: int
    title: str
    where: str  # article/section · p. N
    doc_id: str
    document: str  # corpus-relative source path
    url: str = ""  # public source address, may be empty


@dataclass
class Draft:
    """A formal staff reply: greeting, body with `[n]` markers, references, closing."""

    language: str
    greeting: str = ""
    body: str = ""
    references: list[Reference] = field(default_factory=list)
    closing: str = ""
    question: str = ""

    def to_json(self) -> dict[str, Any]:
        """As plain JSON, with the editable Markdown form under "markdown"."""
        return {**asdict(self), "markdown": self.markdown()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """Back from `to_json` (the "markdown" key is ignored)."""
        fields = {k: data[k] for k in ("greeting", "body", "closing", "question") if k in data}
        refs = [Reference(**r) for r in data.get("references", [])]
        return cls(language=data["language"], references=refs, **fields)

    def markdown(self) -> str:
        """The editable Markdown form (see `draft_markdown`)."""
        return draft_markdown(self)


def _lang(language: str) -> str:
    return language if language in DOCX_LANGUAGE else "ko"


def _heading_key(line: str) -> str:
    return re.sub(r"[\s*#\[\]_:/]", "", line).casefold()


@lru_cache(maxsize=4)
def _frame(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """Lines the staff answer frame and the draft templates put around a body, and the
    headings that start a sources list (the chat's "Sources / 출처", the frame's references)."""
    body, refs = "\x01BODY\x01", "\x01REFS\x01"
    staff = render(f"answer_staff_{language}", body=body, references=refs, year_note="",
                   quote_note="", next_step="")
    head, _, rest = staff.partition(body)
    headings, _, closing = rest.rpartition(refs) if refs in rest else ("", "", rest)
    around = head + closing + render(f"draft_greeting_{language}")
    around += render(f"draft_closing_{language}")
    heads = {_heading_key(h) for h in headings.splitlines() if h.strip()}
    heads |= {_heading_key(render(f"draft_references_{lang}")) for lang in DOCX_LANGUAGE}
    heads |= {"sources출처", "출처", "sources", "references", "참고자료"}
    return frozenset(x.strip() for x in around.splitlines() if x.strip()), frozenset(heads)


def answer_body(answer: Answer) -> str:
    """The answer text without a sources list, notices, or a greeting/closing already there."""
    around, headings = _frame(_lang(answer.language))
    lines = answer.text.splitlines()
    cut = next((i for i, x in enumerate(lines) if _heading_key(x) in headings), len(lines))
    notices = {n.strip() for n in answer.notices}
    lines = [x for x in lines[:cut] if x.strip().strip("_*").strip() not in notices
             and not x.strip().strip("_*").startswith("ℹ")]

    def is_frame(line: str) -> bool:
        s = line.strip()
        return not s or s in around or _is_greeting(s) or _SIGNOFF.match(s)

    while lines and is_frame(lines[0]):
        lines.pop(0)
    while lines and is_frame(lines[-1]):
        lines.pop()
    return "\n".join(x.rstrip() for x in lines)


def _where(c: Citation) -> str:
    return " · ".join(x for x in (c.section, f"p. {c.page}" if c.page else "") if x)


def make_draft(answer: Answer, *, inquiry: str = "") -> Draft:
    """A formal reply draft from an answer (best asked with audience "staff"); a refused
    answer keeps its polite text and gets no references."""
    language = _lang(answer.language)
    refs = [] if answer.refused else [
        Reference(c.n, c.title, _where(c), c.doc_id, c.source, c.url) for c in answer.citations]
    return Draft(language, render(f"draft_greeting_{language}").strip(), answer_body(answer),
                 refs, render(f"draft_closing_{language}").strip(),
                 question=inquiry_question(inquiry) if inquiry.strip() else answer.question)


def reference_line(ref: Reference, language: str) -> str:
    """"[n] Title — 제11조 · p. 3 — 문서: path — 출처: url"; parts with no value are left out."""
    line = render(f"draft_reference_{_lang(language)}", n=ref.n, title=ref.title,
                  where=ref.where, document=ref.document, url=ref.url).strip()
    parts = [p for p in line.split(" — ") if p.strip() and not p.strip().endswith(":")]
    return " — ".join(parts)


def draft_markdown(draft: Draft) -> str:
    """Greeting, body, a references heading with one line per source, closing, as Markdown."""
    language = _lang(draft.language)
    parts = [draft.greeting, draft.body]
    if draft.references:
        parts.append("## " + render(f"draft_references_{language}").strip())
        parts += [reference_line(r, language) for r in draft.references]
    parts.append(draft.closing)
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


# --- export ------------------------------------------------------------------------------
def _set_fonts(rpr: Any, language: str) -> None:
    """Explicit Latin and East Asian fonts (theme fonts dropped, they would win) and language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for name, font in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT),
                       ("w:eastAsia", EAST_ASIAN_FONT), ("w:cs", LATIN_FONT)):
        fonts.set(qn(name), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        rpr.append(lang := OxmlElement("w:lang"))
    lang.set(qn("w:val"), DOCX_LANGUAGE[language])
    lang.set(qn("w:eastAsia"), "ko-KR")


_INLINE = re.compile(r"\*\*(.+?)\*\*|<(https?://[^>\s]+)>")  # split: text, bold, url, text, …


def _add_text(paragraph: Any, text: str, language: str) -> None:
    """Runs for `text`: **bold** kept as bold, <url> unwrapped, every run with the fonts."""
    for i, piece in enumerate(_INLINE.split(text)):
        if piece:
            run = paragraph.add_run(piece)
            run.bold = (i % 3 == 1) or None
            _set_fonts(run._element.get_or_add_rPr(), language)


def markdown_to_docx(markdown: str, *, language: str = "ko", title: str = "") -> bytes:
    """A .docx of the (possibly edited) Markdown draft: `#` headings, `-` bullets, one paragraph
    per line; Korean fonts set on the defaults, the styles used and every run."""
    import docx

    language = _lang(language)
    document = docx.Document()
    styles = document.styles
    for defaults in styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr"):
        _set_fonts(defaults, language)  # the template's defaults name theme (Latin) fonts
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        _set_fonts(styles[name].element.get_or_add_rPr(), language)
    for line in markdown.replace("\r\n", "\n").split("\n"):
        s = line.strip()
        if not s or re.fullmatch(r"[-*_]{3,}", s):
            continue
        if heading := re.match(r"^(#{1,6})\s+(.+)$", s):
            paragraph = document.add_heading(level=min(len(heading.group(1)), 3))
            _add_text(paragraph, heading.group(2).strip(), language)
        elif item := re.match(r"^[-*+]\s+(.+)$", s):
            _add_text(document.add_paragraph(style="List Bullet"), item.group(1), language)
        else:
            _add_text(document.add_paragraph(), s, language)
    props = document.core_properties
    props.title = title or render(f"draft_title_{language}").strip()
    props.language = DOCX_LANGUAGE[language]
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def draft_filename(draft_or_question: Draft | str, ext: str, *, day: date | None = None) -> str:
    """A safe file name "reply-<question words>-<date>.<ext>": Hangul, ASCII letters and digits
    only, no path separators or control characters."""
    text = (draft_or_question.question if isinstance(draft_or_question, Draft)
            else draft_or_question)
    slug = re.sub(r"[^0-9A-Za-z\uac00-\ud7a3]+", "-", text).strip("-")[:40].strip("-")
    suffix = re.sub(r"[^0-9A-Za-z]", "", ext)[:8] or "txt"
    stem = "-".join(p for p in ("reply", slug, (day or date.today()).isoformat()) if p)
    return f"{stem}.{suffix}"
