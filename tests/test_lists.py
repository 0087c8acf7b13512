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
