"""Chunk text -> quotable sentences: headings, list items, table rows, statute articles, titles.

Hand-written chunks (Markdown and PDF-like plain text); sentences are split with the real Kiwi.
"""

import pytest

from assistant.compose.sentences import clean, quotable, split_hit, split_hits, unmark
from assistant.models import Hit


def hit(text, *, source="center/rooms.md", title="센터 공간", section="", n=0, **kw):
    return Hit(f"c{n}", f"d{n}", text, title, source, section=section, **kw)


def rows(text, **kw):
    return [(s.text, s.heading, s.article, s.item) for s in split_hit(hit(text, **kw), 0)]


@pytest.mark.parametrize("source", ["center/rooms.md", "vouchers/guide.pdf"])
@pytest.mark.parametrize("text, heading, sentence", [
    ("강의실\n강의실은 교육과 강연에 쓰이는 공간입니다.\n",
     "강의실", "강의실은 교육과 강연에 쓰이는 공간입니다."),
    ("신청 방법\n신청서는 온라인으로 제출합니다.\n",
     "신청 방법", "신청서는 온라인으로 제출합니다."),
    ("Lecture room\nThe lecture room is used for classes and talks.\n",
     "Lecture room", "The lecture room is used for classes and talks."),
    ("## 보육공간\n입주 기업은 보육공간을 쓸 수 있습니다.\n",
     "보육공간", "입주 기업은 보육공간을 쓸 수 있습니다."),
])
def test_a_bare_heading_is_not_glued_to_the_next_sentence(source, text, heading, sentence):
    assert rows(text, source=source) == [(sentence, heading, "", "")]


WRAPPED = "분석실 예약은 이용하려는 날의 하루 전 오후 여섯 시까지 누리집 예약 화면에서 해야"


def test_prose_is_split_into_sentences_under_its_heading():
    text = ("## 운영\n센터는 평일에 문을 엽니다. 주말과 공휴일에는 쉽니다.\n"
            f"{WRAPPED}\n합니다.\n")  # a wrapped line (longer than a heading) continues
    assert [r[0] for r in rows(text)] == [
        "센터는 평일에 문을 엽니다.", "주말과 공휴일에는 쉽니다.",
        f"{WRAPPED} 합니다."]
    assert {r[1] for r in rows(text)} == {"운영"}


@pytest.mark.parametrize("line, text, item", [
    ("- 분석실: 데이터 분석을 위한 공간", "분석실: 데이터 분석을 위한 공간", "bullet"),
    ("* 보육공간은 입주 기업이 씁니다.", "보육공간은 입주 기업이 씁니다.", "bullet"),
    ("• 강의실은 교육에 씁니다.", "강의실은 교육에 씁니다.", "bullet"),
    ("1. 첫째 단계로 신청서를 냅니다.", "첫째 단계로 신청서를 냅니다.", "number"),
    ("2) 둘째 단계로 심사를 받습니다.", "둘째 단계로 심사를 받습니다.", "number"),
    ("  3\\. 기술사 자격을 취득한 사람", "기술사 자격을 취득한 사람", "number"),
    ("가. 세부 절차는 공고를 따릅니다.", "세부 절차는 공고를 따릅니다.", "letter"),
    ("**①** 국가는 데이터 산업을 진흥하여야 한다.", "① 국가는 데이터 산업을 진흥하여야 한다.", ""),
])
def test_list_items_are_sentences_of_their_own(line, text, item):
    chunk = f"## 안내\n센터에는 다음과 같은 것이 있습니다.\n{line}\n"
    assert rows(chunk)[1:] == [(text, "안내", "", item)]


def test_table_rows_are_sentences_without_pipes():
    text = ("| 유형 | 한도 |\n|---|---|\n| 구매 바우처 | 1,000만 원 |\n"
            "| AI 가공 바우처 | 6,000만 원 |\n")
    assert rows(text) == [("구매 바우처 | 1,000만 원", "", "", "row"),
                          ("AI 가공 바우처 | 6,000만 원", "", "", "row")]


@pytest.mark.parametrize("text, articles", [
    ("##### 제3조 (정의)\n이 법에서 사용하는 용어의 뜻은 다음과 같다.\n"
     "##### 제4조의2 (책무)\n**①** 국가는 데이터 산업을 진흥하여야 한다.\n"
     "**②** 지방자치단체는 시책을 마련하여야 한다.\n",
     ["제3조", "제4조의2", "제4조의2"]),
    ("제5조(지원) 국가는 기업을 지원할 수 있다.\n제6조(평가) 장관은 평가를 실시한다.\n",
     ["제5조", "제6조"]),
    ("신고는 서면으로 한다.\n", ["제9조"]),  # the hit's section names the article
])
def test_statute_articles_come_from_headings_lines_or_the_section(text, articles):
    sentences = split_hit(hit(text, source="laws/act.md", title="법", section="제9조 (신고)"), 0)
    assert [s.article for s in sentences] == articles


@pytest.mark.parametrize("text, kept", [
    ("센터 공간\n센터에는 분석실과 강의실이 있습니다.\n", ["센터에는 분석실과 강의실이 있습니다."]),
    ("# 센터 공간\n센터 공간\n센터에는 분석실과 강의실이 있습니다.\n",
     ["센터에는 분석실과 강의실이 있습니다."]),
    ("## 이용 안내\n**이용 안내**\n이용은 무료입니다. 예약이 필요합니다.\n",
     ["이용은 무료입니다.", "예약이 필요합니다."]),
    ("공간\n짧다.\n", []),  # too short to quote
])
def test_titles_and_headings_are_not_sentences(text, kept):
    sentences = split_hit(hit(text, title="센터 공간", section="센터 공간 > 이용 안내"), 0)
    assert [s.text for s in sentences] == kept


def test_positions_are_in_reading_order():
    text = "## 안내\n첫 번째 문장입니다. 두 번째 문장입니다.\n- 세 번째 항목입니다\n"
    assert [s.position for s in split_hit(hit(text), 0)] == [0, 1, 2]


def test_split_hits_drops_repeats_and_keeps_hit_scores_and_years():
    first = hit("센터는 2022년에 문을 열었습니다.\n", n=0, score=0.05, metadata={"year": 2022})
    second = hit("센터는 2022년에 문을 열었습니다!\n강의실은 교육에 쓰는 곳입니다.\n", n=1,
                 score=0.02)
    sentences = split_hits([first, second])
    assert [(s.text, s.hit_index, s.hit_score, s.years) for s in sentences] == [
        ("센터는 2022년에 문을 열었습니다.", 0, 0.05, (2022,)),
        ("강의실은 교육에 쓰는 곳입니다.", 1, 0.02, ()),
    ]


@pytest.mark.parametrize("raw, quoted", [
    ("## **굵은** 제목", "굵은 제목"),
    ("- `코드` 항목", "코드 항목"),
    ("| 구매 | 1,000만 원 |", "구매 | 1,000만 원"),
    ("여러   칸의\t공백", "여러 칸의 공백"),
])
def test_unmark(raw, quoted):
    assert unmark(raw) == quoted


def test_clean_cuts_long_quotes():
    quote = clean("가" * 400)
    assert len(quote) == 301 and quote.endswith("…")


def test_sentences_under_the_chunk_heading_carry_its_english_title():
    hit = Hit("c", "law", "① 위원회는 60일 이내에 조정안을 작성하여야 한다.\n\n"
              "##### 제45조 (자료의 요청)\n\n② 위원회는 자료를 요청할 수 있다.\n",
              "개인정보 보호법", "laws/pipa.md", section="제6장 > 제44조 (분쟁조정 기간)",
              metadata={"section_en": "Article 44 (Period of dispute mediation)"})
    first, second = split_hit(hit, 0)
    assert first.heading_en == "Article 44 (Period of dispute mediation)"
    assert second.heading_en == ""  # under another heading: its title is not the chunk's


def test_an_amendment_instruction_of_the_addenda_is_no_quote():
    """The Act's addenda amend it from other laws ("…기본법 일부를 다음과 같이 개정한다"): such
    a line states no rule, and it answered which article of the Act a rule is in."""
    text = ("제7조(다른 법률의 개정) ①부터 ⑨까지 생략\n\n"
            "⑩ 데이터 산업진흥 및 이용촉진에 관한 기본법 일부를 다음과 같이 개정한다.\n\n"
            '제6조제3항제1호 중 "방송통신위원회"를 "방송미디어통신위원회"로 한다.\n\n'
            "이 법은 공포한 날부터 시행한다.")
    kept = [s.text for s in split_hit(hit(text, source="policies/law.md", section="부칙"), 0)
            if quotable(s)]
    assert kept == ["이 법은 공포한 날부터 시행한다."]
