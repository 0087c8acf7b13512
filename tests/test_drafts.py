"""Staff reply drafts: e-mail parsing, the letter built from an answer, Markdown and .docx export.

Answers and citations are built directly; templates are the real files in prompts/; the .docx
is written and read back with the real python-docx.
"""

from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from assistant.compose.frame import frame
from assistant.drafts import (
    Draft,
    Reference,
    answer_body,
    draft_filename,
    draft_markdown,
    inquiry_question,
    make_draft,
    markdown_to_docx,
    reference_line,
)
from assistant.models import Answer, Citation
from assistant.prompts import render

BODY_KO = ("데이터 안심구역은 가명정보를 분석할 수 있는 공간입니다. [1]\n"
           "이용 신청은 온라인으로 받습니다. [2]")
BODY_EN = "A data safe zone is a place to analyse pseudonymised data. [1]"


def citation(n=1, **kw):
    values = dict(doc_id=f"d{n}", title=f"데이터산업법 {n}", source=f"policies/law-{n}.md",
                  page=3, section="제11조", snippet="인용문", score=0.9,
                  url=f"https://law.example.kr/{n}")
    values.update(kw)
    return Citation(n=n, **values)


def answer(text=BODY_KO, language="ko", citations=None, **kw):
    cites = [citation(1), citation(2, page=None, url="")] if citations is None else citations
    return Answer(question="데이터 안심구역이 뭔가요?", language=language, audience="staff",
                  text=text, citations=cites, **kw)


def staff_text(body, language, refs="1. 문서 · policies/law-1.md"):
    return render(f"answer_staff_{language}", body=body, references=refs, year_note="",
                  quote_note="", next_step="")


# --- drafts from answers ------------------------------------------------------------------
@pytest.mark.parametrize("language", ["ko", "en"])
def test_greeting_and_closing_come_from_the_templates(language):
    draft = make_draft(answer(BODY_KO if language == "ko" else BODY_EN, language))
    assert draft.greeting == render(f"draft_greeting_{language}").strip()
    assert draft.closing == render(f"draft_closing_{language}").strip()
    md = draft_markdown(draft)
    assert md.startswith(draft.greeting) and md.rstrip().endswith(draft.closing.splitlines()[-1])


def test_korean_draft_is_formal():
    draft = make_draft(answer())
    assert draft.greeting.startswith("안녕하세요. 포항 빅데이터 AI 혁신센터입니다.")
    assert "감사합니다" in draft.closing
    assert draft.body == BODY_KO


def test_staff_frame_is_not_duplicated_in_the_body():
    for language, body in (("ko", BODY_KO), ("en", BODY_EN)):
        draft = make_draft(answer(staff_text(body, language), language))
        assert draft.body == body
        md = draft_markdown(draft)
        head = staff_text("X", language).splitlines()[0]
        assert md.count(head) <= 1 and "policies/law-1.md" not in draft.body


@pytest.mark.parametrize("language", ["ko", "en"])
def test_body_of_a_real_staff_framed_answer(language):
    cites = [citation(1)]
    text = frame(BODY_KO, language=language, audience="staff", citations=cites, hits=[])
    draft = make_draft(answer(text, language, citations=cites))
    assert draft.body == BODY_KO
    assert draft.markdown().count(draft.greeting.splitlines()[0]) == 1


def test_year_note_in_the_frame_stays_with_the_body():
    text = render("answer_staff_ko", body=BODY_KO, references="1. x", quote_note="",
                  year_note=render("year_note_ko", years="2023년").strip(), next_step="")
    assert answer_body(answer(text)).startswith("※ 인용한 문서는 2023년 기준")


def test_references_carry_title_article_page_document_and_address():
    draft = make_draft(answer())
    first, second = draft.references
    assert (first.n, first.title, first.where, first.document, first.url) == (
        1, "데이터산업법 1", "제11조 · p. 3", "policies/law-1.md", "https://law.example.kr/1")
    md = draft_markdown(draft)
    assert "## 참고 자료" in md
    line = ("[1] 데이터산업법 1 — 제11조 · p. 3 — 문서: policies/law-1.md — "
            "출처: https://law.example.kr/1")
    assert line in md
    assert "[2] 데이터산업법 2 — 제11조 — 문서: policies/law-2.md\n" in md  # no page, no URL


def test_english_reference_line_leaves_out_empty_parts():
    ref = Reference(3, "Guide", "", "g", "center/guide.md", "")
    assert reference_line(ref, "en") == "[3] Guide — Document: center/guide.md"
    assert "## References" in draft_markdown(make_draft(answer(BODY_EN, "en")))


def test_chat_sources_block_and_notices_never_enter_the_body():
    notice = render("notice_ungrounded_ko").strip()
    chat = (BODY_KO + f"\n\n_ℹ️ {notice}_\n\n**Sources / 출처**\n\n"
            "[1] **데이터산업법 1** — 제11조 · p. 3\n> 인용문")
    draft = make_draft(answer(chat, notices=[notice]))
    assert draft.body == BODY_KO
    assert "Sources" not in draft_markdown(draft) and "인용문" not in draft_markdown(draft)
    plain = make_draft(answer(BODY_KO + "\n" + notice, notices=[notice]))
    assert notice not in plain.body


@pytest.mark.parametrize("language", ["ko", "en"])
def test_refused_answer_is_a_polite_draft_without_references(language):
    text = render(f"refusal_staff_{language}").strip()
    draft = make_draft(answer(text, language, citations=[citation(1)], refused=True))
    assert draft.references == []
    assert draft.body and draft.body in text
    md = draft_markdown(draft)
    assert "참고 자료" not in md and "References" not in md
    assert md.count(text.splitlines()[0]) <= 1


def test_json_round_trip_keeps_the_markdown():
    draft = make_draft(answer(), inquiry="제목: 안심구역 문의\n\n안심구역이 뭔가요?")
    data = draft.to_json()
    assert data["markdown"] == draft.markdown() and data["question"] == "안심구역이 뭔가요?"
    assert Draft.from_json(data) == draft


# --- inquiry e-mails ----------------------------------------------------------------------
OUTLOOK_KO = """보낸 사람: 김민수 <minsu@datalab.example>
보낸 날짜: 2024년 3월 4일 월요일 오전 10:12
받는 사람: 센터 <info@center.example>
제목: [문의] 데이터바우처 신청 자격

안녕하세요, ㈜데이터랩 김민수입니다.

저희는 설립 2년 차 스타트업입니다.
2024년 데이터바우처에 수요기업으로 신청할 수 있는지 궁금합니다.
신청 기간은 언제까지인가요?

감사합니다.
김민수 드림
㈜데이터랩 | 010-1234-5678

-----원본 메시지-----
보낸 사람: 센터
제목: 안내
데이터바우처 공고를 안내드립니다.
"""

GMAIL_EN = """Hi team,

Could you tell me whether a company outside Pohang can use the data safe zone?
> Our earlier call covered the schedule.

Best regards,
Jane Park
DataLab Inc.
+82 10-1234-5678 | jane@datalab.example

On Mon, Mar 4, 2024 at 10:12 AM Center <info@center.example> wrote:
> Thank you for your interest.
> What would you like to know?
"""

SUBJECT_ONLY_KO = """제목: RE: 데이터 안심구역 이용 절차 문의
날짜: 2024-05-02

센터 담당자님께,

첨부한 사업계획서를 검토 부탁드립니다.

홍길동 올림
전화 054-123-4567
"""

OUTLOOK_EN = """From: Alex Kim <alex@example.com>
To: info@center.example
Subject: Pseudonymised data

Dear Sir or Madam,

We plan to combine pseudonymised data from two hospitals.
Which article of the act allows this, and who approves it?

Sincerely,
Alex Kim

From: Center <info@center.example>
Sent: Friday, March 1, 2024 9:00 AM
Subject: Newsletter
Welcome to our newsletter. What can we do for you?
"""


def test_korean_outlook_email_keeps_the_questions_only():
    q = inquiry_question(OUTLOOK_KO)
    assert q == ("저희는 설립 2년 차 스타트업입니다.\n"
                 "2024년 데이터바우처에 수요기업으로 신청할 수 있는지 궁금합니다.\n"
                 "신청 기간은 언제까지인가요?")


def test_english_gmail_reply_drops_signature_and_quoted_reply():
    assert inquiry_question(GMAIL_EN) == (
        "Could you tell me whether a company outside Pohang can use the data safe zone?")


def test_subject_is_kept_when_the_body_asks_nothing():
    q = inquiry_question(SUBJECT_ONLY_KO)
    assert q.splitlines()[0] == "데이터 안심구역 이용 절차 문의"
    assert "사업계획서" in q and "054" not in q and "올림" not in q and "담당자님" not in q


def test_english_outlook_email_stops_at_the_quoted_header_block():
    q = inquiry_question(OUTLOOK_EN)
    assert q == ("We plan to combine pseudonymised data from two hospitals.\n"
                 "Which article of the act allows this, and who approves it?")


def test_trailing_contact_block_without_sign_off_is_dropped():
    mail = "Subject: 한도 문의\n\n데이터바우처 한도가 얼마인가요?\n\n김민수 대표\n010-1234-5678\n\n"
    assert inquiry_question(mail) == "데이터바우처 한도가 얼마인가요?"
    phone = "Hello,\nIs the lab open on Saturdays?\nSent from my iPhone"
    assert inquiry_question(phone) == "Is the lab open on Saturdays?"


@pytest.mark.parametrize("text", [
    "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?",
    "Hello, what are the opening hours of the center?",
    "데이터 안심구역이 뭔가요?\n가명정보와 어떻게 다른가요?",
])
def test_plain_text_is_unchanged(text):
    assert inquiry_question(text) == text


# --- export -------------------------------------------------------------------------------
def read_docx(data: bytes):
    return docx.Document(BytesIO(data))


def test_docx_has_the_korean_text_references_and_east_asian_font():
    draft = make_draft(answer())
    document = read_docx(markdown_to_docx(draft.markdown(), language="ko"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == draft.greeting
    assert "참고 자료" in texts and any(t.startswith("[1] 데이터산업법 1 — 제11조") for t in texts)
    assert any("https://law.example.kr/1" in t for t in texts)
    assert any("가명정보" in t for t in texts)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "맑은 고딕"
    heading = next(p for p in document.paragraphs if p.text == "참고 자료")
    assert heading.style.name == "Heading 2"
    assert heading.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "맑은 고딕"
    assert heading.style.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "맑은 고딕"
    assert document.core_properties.language == "ko-KR"
    assert document.core_properties.title == render("draft_title_ko").strip()


def test_edited_markdown_round_trips_into_docx():
    md = make_draft(answer()).markdown().replace("온라인으로", "우편과 온라인으로")
    md += "\n- 담당: **데이터팀**\n"
    document = read_docx(markdown_to_docx(md, language="ko", title="안심구역 답변"))
    texts = [p.text for p in document.paragraphs]
    assert "이용 신청은 우편과 온라인으로 받습니다. [2]" in texts
    item = next(p for p in document.paragraphs if p.text == "담당: 데이터팀")
    assert item.style.name == "List Bullet" and any(r.bold for r in item.runs)
    assert document.core_properties.title == "안심구역 답변"


def test_english_docx():
    document = read_docx(markdown_to_docx(make_draft(answer(BODY_EN, "en")).markdown(),
                                          language="en"))
    assert "References" in [p.text for p in document.paragraphs]
    assert document.core_properties.language == "en-US"


@pytest.mark.parametrize("given", ["../../etc/passwd\x00?", "안심구역이 뭔가요?", "", "a/b\\c"])
def test_filename_is_safe(given):
    name = draft_filename(given, ".docx")
    assert name.startswith("reply-") and name.endswith(".docx")
    assert not any(ch in name for ch in "/\\:*?\"<>|\x00") and ".." not in name
    assert all(ch.isalnum() or ch in "-." for ch in name)


def test_filename_from_a_draft():
    from datetime import date

    name = draft_filename(make_draft(answer()), "md", day=date(2026, 12, 3))
    assert name == "reply-데이터-안심구역이-뭔가요-2026-12-03.md"
