"""Features of candidate sentences (assistant.compose.features)."""

import pytest

from assistant.calibration import load_calibration
from assistant.compose.concepts import Concept
from assistant.compose.features import (
    ABOUT_DOCUMENT,
    embedded_part,
    embedded_weight,
    novelty,
    opening,
    score_of,
    sibling,
    specific_names,
    states_total,
    totals_asked,
    year_scores,
)
from assistant.compose.select import SentenceSelector
from assistant.compose.sentences import Sentence, split_hits
from assistant.counted import asks_total
from assistant.models import Hit

COMMITTEE = ["국가데이터정책위원회"]
BUSINESS = ["데이터거래사업자"]


@pytest.mark.parametrize(("text", "named", "question", "expected"), [
    # another committee of the same kind opens the sentence
    ("③ 전문위원회는 10명 이내의 위원으로 구성한다.", COMMITTEE, "위원은 최대 몇 명?", 1.0),
    ("데이터분석제공사업자는 신고하여야 한다.", BUSINESS, "거래사업자는 어디에 신고?", 1.0),
    ("수요기업은 바우처를 받습니다.", ["청년기업"], "청년기업 우대는?", 1.0),
    ("국가 데이터 전문위원회는 …", COMMITTEE, "위원은 몇 명?", 1.0),  # its third word
    # the name itself, a short form of it (its head alone), or a word the question names
    ("② 위원회는 30명 이내의 위원으로 구성한다.", COMMITTEE, "위원은 최대 몇 명?", 0.0),
    ("데이터정책위원회의 위원장이 회의를 소집한다.", COMMITTEE, "위원은 몇 명?", 0.0),
    ("국가데이터정책위원회의 전문위원회는 …", COMMITTEE, "위원은 몇 명?", 0.0),
    ("전문위원회는 10명 이내로 구성한다.", COMMITTEE, "국가데이터정책위원회 전문위원회는?", 0.0),
    # no common head of two syllables, no Korean, nothing named
    ("보육공간은 센터의 개방 공간입니다.", COMMITTEE, "위원 수", 0.0),
    ("The expert committee has 10 members.", COMMITTEE, "members?", 0.0),
    ("전문위원회는 10명 이내로 구성한다.", [], "위원 수", 0.0),
])
def test_sibling(text, named, question, expected):
    assert sibling(text, named, question) == expected


def test_sibling_lowers_the_score():
    values = load_calibration().selection
    parts = {"lexical": 0.5, "hit": 0.0, "kind": 1.0, "year": 0.0, "article": 0.0,
             "language": 1.0, "generic": 0.0, "topic_only": 0.0, "subject": 1.0, "novel": 0.5,
             "rank": 1.0, "item": 0.0, "position": 0.0, "dense": 1.0, "cosine": 0.8}
    assert values.w_sibling > 0
    assert score_of(parts | {"sibling": 1.0}, values) < score_of(parts, values)


@pytest.mark.parametrize(("text", "expected"), [
    # a Korean sentence opens with its topic: what stands before its first topic particle
    ("데이터바우처는 기업의 데이터 구매를 지원합니다.", "데이터바우처는"),
    ("보육공간은 분석실, 강의실과 함께 소개된 공간입니다.", "보육공간은"),
    ("포항 빅데이터 AI 혁신센터의 4대 서비스는 …", "포항 빅데이터 AI 혁신센"),  # a late topic
    ("2023년 예산이 늘었습니다.", "2023년 예산이 늘었습니"),
    ("The data voucher pays for part of the cost.", "The data voucher pays for"),
])
def test_opening(text, expected):
    assert opening(text) == expected


@pytest.mark.parametrize(("text", "units", "expected"), [
    ("가나다라", 2, "가나"),
    ("abcde", 1, "ab"),  # a Latin character weighs 0.4
    ("가나", 80, "가나"),
])
def test_embedded_part(text, units, expected):
    assert embedded_part(text, units) == expected
    assert embedded_weight(expected) <= units


def test_novelty_counts_words_the_question_lacks():
    assert novelty("센터 분석실 개방", {"센터", "분석실", "개방"}) == 0.0
    assert novelty("센터 분석실 개방", set()) == 1.0
    assert novelty("", set()) == 0.0


@pytest.mark.parametrize(("text", "about"), [
    ("서비스별 내용은 「포항 빅데이터 AI 혁신센터 4대 서비스」 문서에 정리되어 있습니다.", True),
    ("이 안내서는 데이터바우처를 정리한 자료입니다.", True),
    ("See the data voucher overview document for details.", True),
    ("센터는 네 가지 서비스를 제공합니다.", False),
    # a pointer to a document of the collection, not a fact about it
    ("전송요구권의 세부 내용은 코퍼스의 「개인정보 보호법」 문서에서 확인하세요.", True),
    ("The Korean text of the Act is in the corpus document \"개인정보 보호법\".", True),
    ("이 코퍼스에 실린 데이터산업법 원문은 2025년 10월 1일 시행된 판입니다.", False),
])
def test_a_sentence_about_the_document_itself(text, about):
    assert bool(ABOUT_DOCUMENT.search(text)) is about


def test_specific_names_are_the_korean_forms_of_terms_of_several_words():
    wanted = [Concept(frozenset(), term=("국가데이터정책위원회", "National Data Policy Committee"),
                      parts=(frozenset({"국가", "데이터", "정책", "위원회"}),)),
              Concept(frozenset(), term=("위원회", "committee"), parts=(frozenset({"위원회"}),)),
              Concept(frozenset(), term=("및", "and"), parts=()),  # forms of stop words only
              Concept(frozenset({"maximum"}))]
    assert specific_names(wanted) == ["국가데이터정책위원회"]
    # a name inside another one is no name of its own: the sibling committee holds it too
    inner = Concept(frozenset(), term=("데이터정책", "data policy"),
                    parts=(frozenset({"데이터", "정책"}),))
    assert specific_names([*wanted, inner]) == ["국가데이터정책위원회"]
    question = "국가데이터정책위원회 위원은 몇 명 이내예요?"
    assert sibling("② 데이터정책전문위원회는 10명 이내로 구성한다.",
                   specific_names([*wanted, inner]), question) == 1.0


def test_a_sentence_meeting_none_of_the_question_while_others_do_is_unmet():
    hit = Hit("c:0:a", "c", "정확한 일정과 요건은 2026년 공식 공고에서 반드시 확인하세요.\n"
              "네 기관은 2022년 3월 23일에 센터 설립을 위한 업무협약을 맺었습니다.\n"
              "The four partners signed a memorandum on 23 March 2022.\n",
              "센터", "center/center-ko.md")
    values = load_calibration().selection
    ranking = SentenceSelector(values).rank("센터 설립 업무협약을 맺은 날짜를 알려 주세요",
                                            split_hits([hit]), language="ko")
    unmet = {s.sentence.text[:6]: s.parts["unmet"] for s in ranking.ranked}
    # the Korean sentence that shares no word is unmet; an English one is not judged by
    # words (the glossary may not hold them)
    assert unmet == {"정확한 일정": 1.0, "네 기관은 ": 0.0, "The fo": 0.0}
    assert values.w_unmet > 0
    assert ranking.ranked[0].sentence.text.startswith("네 기관은")


@pytest.mark.parametrize(("text", "question", "expected"), [
    ("2019년 바우처는 모두 1,640개가 지원되었습니다.", "2019년엔 전부 해서 몇 개 나갔어요?", True),
    ("2019년 바우처 구매 유형은 1,000개였습니다.", "2019년엔 전부 해서 몇 개 나갔어요?", False),
    ("A total of 1,640 vouchers were given.", "How many vouchers in total?", True),
    ("The purchase type had 1,000 vouchers.", "How many vouchers in total?", False),
    ("교육생은 총 2,306명입니다.", "교육생은 총 몇 명이에요?", True),
    # no total asked: nothing to prefer; 총장 is no total
    ("2019년 바우처는 모두 1,640개가 지원되었습니다.", "2019년 바우처는 몇 개였어요?", False),
    ("2019년 바우처는 모두 1,640개가 지원되었습니다.", "포스텍 총장은 몇 명이 왔어요?", False),
])
def test_states_total(text, question, expected):
    assert (asks_total(question) and states_total(text)) is expected


def test_of_the_figures_asked_the_total_opens_when_a_total_is_asked():
    hit = Hit("v:0:a", "v", "2019년 바우처 구매 유형은 1,000개였습니다.\n"
              "2019년 바우처 AI 가공 유형은 240개였습니다.\n"
              "2019년 바우처는 모두 1,640개가 지원되었습니다.\n", "2019", "v/v-ko.md")
    selector = SentenceSelector(load_calibration().selection)
    ranked = selector.rank("2019년 바우처는 전부 해서 몇 개였어요?", split_hits([hit]),
                           language="ko").ranked
    assert "1,640" in ranked[0].sentence.text
    assert ranked[0].parts["total"] == 1.0
    # naming no type, a count of a breakdown asks its total too; naming one, that type's count
    plain = selector.rank("2019년 바우처는 몇 개였어요?", split_hits([hit]), language="ko").ranked
    assert "1,640" in plain[0].sentence.text
    typed = selector.rank("2019년 AI 가공 유형은 몇 개였어요?", split_hits([hit]),
                          language="ko").ranked
    assert "240" in typed[0].sentence.text
    assert all(s.parts["total"] == 0.0 for s in typed)


def test_this_year_penalises_other_years_and_rewards_none():
    """"올해 모집은 언제예요?" names no number: sentences about other years are penalised as for
    a named year, but one about this year gains nothing (a document of this year is not, for
    that, about what is asked)."""
    sentences = [Sentence("데이터 청년 캠퍼스는 2017년부터 운영되고 있습니다.", 0),
                 Sentence("모집 일정은 해당 연도 모집 공고에서 확인하세요.", 0),
                 Sentence("결합전문기관의 지정 등에 관한 사항: 2026년 1월 1일", 1)]
    assert year_scores(set(), sentences, "올해 모집은 언제예요?", 2026) == [-1.0, -1 / 3, 0.0]
    assert year_scores(set(), sentences, "when is this year's intake?", 2026) == [-1.0, -1 / 3, 0.0]
    # no year asked: no year feature; a named year: the bonus as before
    assert year_scores(set(), sentences, "모집은 언제예요?", 2026) == [0.0, 0.0, 0.0]
    assert year_scores({2026}, sentences, "올해 2026년 모집은?", 2026)[2] == 1.0


def test_a_date_of_another_year_does_not_open_an_answer_about_this_year():
    hit = Hit("y:0:a", "y", "데이터 청년 캠퍼스는 2017년부터 운영되고 있습니다.\n"
              "데이터 청년 캠퍼스 모집 일정은 해당 연도 모집 공고에서 확인하세요.\n",
              "캠퍼스", "y/campus-ko.md")
    ranked = SentenceSelector(load_calibration().selection).rank(
        "데이터 청년 캠퍼스 올해 모집은 언제예요?", split_hits([hit]), language="ko").ranked
    assert ranked[0].sentence.text.startswith("데이터 청년 캠퍼스 모집 일정")
    assert ranked[-1].parts["year"] == -1.0 and ranked[-1].fit == 0.0


def test_a_count_naming_no_type_asks_the_total_of_one_documents_breakdown():
    guide = [Sentence("2019년 바우처는 모두 1,640개가 지원되었습니다.", 0, years=(2019,)),
             Sentence("2019년 바우처 구매 유형은 1,000개였습니다.", 0, years=(2019,)),
             Sentence("2019년 바우처 예산은 600억 원이었습니다.", 0, years=(2019,))]
    fits = [{"count": 1.0}, {"count": 1.0}, {"count": 0.5}]
    question = "how many vouchers were issued in 2019?"
    assert totals_asked(guide, fits, [0.5, 0.5, 0.5], question) == [True, True, False]
    # a type the question names meets it better: its own count is asked, no total
    assert totals_asked(guide, fits, [0.5, 1.0, 0.5], "구매 유형은 몇 개?") == [False] * 3
    # several parts ask each their own; sentences of other documents are no breakdown
    assert totals_asked(guide, fits, [0.5] * 3, question, ("몇 개?", "얼마?")) == [False] * 3
    other = [guide[0], Sentence("2026년 발표 자료는 최대 10쪽입니다.", 1, years=(2026,))]
    assert totals_asked(other, fits[:2], [0.5, 0.5], "몇 쪽이에요?") == [False, False]
    # ... a count of another thing in the same guide is a breakdown too ("6,179건의 신청")
    applied = [guide[0], Sentence("2019년 바우처에는 6,179건의 신청이 들어왔습니다.", 0,
                                  years=(2019,))]
    assert totals_asked(applied, [{"count": 1.0}, {"count": 0.5}], [0.5, 0.5], question) == [
        True, False]
    assert totals_asked(guide, fits, [0.0] * 3, "전부 해서 몇 개예요?") == [True] * 3
