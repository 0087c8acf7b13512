"""Lists in answers (assistant.compose.lists): enumerations and list intros."""

import pytest

from assistant.calibration import load_calibration
from assistant.compose.lists import enumerates
from assistant.compose.select import SentenceSelector
from assistant.compose.sentences import split_hits
from assistant.models import Hit


@pytest.mark.parametrize(("text", "expected"), [
    ("센터의 분석실, 강의실, 보육공간은 시민에게 열려 있습니다.", True),
    ("인증기관은 CAS, 와이즈스톤, 한국정보통신기술협회(TTA) 세 곳입니다.", True),
    ("The open spaces are data analysis rooms, lecture rooms and childcare spaces.", True),
    # ", and" after a comma is one separator
    ("The services are strategy support, training and fostering companies, and consulting.",
     True),
    ("신청 자격은 중소기업 및 소상공인 그리고 예비창업자입니다.", True),
    ("지원 대상은 다음과 같습니다.", True),  # a list intro
    ("Eligible applicants:", True),
    # a comma around a clause lists nothing
    ("The voucher pays, in the form of a voucher, for part of a company's cost of buying data.",
     False),
    ("센터는 데이터·인공지능 지원 기관입니다.", False),  # two things, not a list
    ("Apply, then wait.", False),
    ("기업과 기관이 데이터를 어떻게 모을지 계획을 세우도록 돕습니다.", False),
])
def test_enumerates(text, expected):
    assert enumerates(text) is expected


def test_a_sentence_naming_several_things_fits_a_question_for_the_kinds():
    hit = Hit("v:0:a", "v", "데이터바우처는 기업의 데이터 구매와 가공 비용을 지원하는 사업입니다.\n"
              "데이터바우처의 유형은 구매, 일반가공, AI 가공입니다.\n", "바우처", "v/v-ko.md")
    selector = SentenceSelector(load_calibration().selection)
    sentences = split_hits([hit])
    fits = {s.sentence.text[:8]: s.fit for s in selector.rank(
        "데이터바우처 종류가 뭐가 있어요?", sentences, language="ko").ranked}
    assert fits == {"데이터바우처는 ": 0.0, "데이터바우처의 ": 1.0}
    # a question that asks no list gives no such fit
    plain = selector.rank("데이터바우처가 뭐예요?", sentences, language="ko").ranked
    assert all(s.fit == 0.0 for s in plain)


QUALITY_DECREE = Hit(
    "d:24", "d",
    "과학기술정보통신부장관은 데이터 품질관리에 필요한 다음 각 호의 사업을 할 수 있다.\n\n"
    "1. 데이터 품질관리 절차 및 방법의 개발\n2. 데이터 품질관리 교육 및 컨설팅\n"
    "3. 데이터 품질기준의 개발 및 배포\n4. 데이터 품질진단\n5. 데이터 품질개선 지원\n",
    "시행령", "corpus/policies/law-data-industry-act-decree.md")


def test_a_list_intro_is_quoted_in_one_line_with_its_items_short_ones_too():
    from assistant.compose.lists import with_list_items
    from assistant.compose.sentences import quotable

    sentences = split_hits([QUALITY_DECREE])
    assert [s.text for s in sentences if not quotable(s)] == ["데이터 품질진단"]
    selector = SentenceSelector(load_calibration().selection)
    ranking = selector.rank("데이터 품질관리 사업은 뭐가 있어요?",
                            [s for s in sentences if quotable(s)], language="ko")
    intro = next(c for c in ranking.ranked if c.sentence.position == 0)
    item = next(c for c in ranking.ranked if c.sentence.position == 2)
    lines = with_list_items([intro, item], sentences, ranking.ranked)
    assert len(lines) == 1  # the item picked on its own is said by its intro's line
    assert lines[0].sentence.text == (
        "과학기술정보통신부장관은 데이터 품질관리에 필요한 다음 각 호의 사업을 할 수 있다: "
        "데이터 품질관리 절차 및 방법의 개발; 데이터 품질관리 교육 및 컨설팅; "
        "데이터 품질기준의 개발 및 배포; 데이터 품질진단; 데이터 품질개선 지원")


def test_of_a_long_list_the_items_that_rank_best_are_quoted_in_order():
    from assistant.compose.lists import LIST_ITEM_CHARS, joined
    from assistant.compose.sentences import Sentence

    intro = Sentence("다음 각 호의 요건을 갖출 것.", 0, position=0)
    items = [Sentence(f"{k}번째 요건은 " + "가" * (LIST_ITEM_CHARS // 3), 0, position=k,
                      item="number") for k in range(1, 6)]
    scores = {id(items[4]): 2.0, id(items[1]): 1.0}
    text = joined(intro, items, scores)
    assert text.startswith("다음 각 호의 요건을 갖출 것: 2번째")
    assert "5번째" in text and "1번째" not in text and text.endswith("; …")
