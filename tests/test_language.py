import pytest

from assistant.language import detect_language, language_of_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("데이터바우처 지원 금액은 얼마인가요?", "ko"),
        ("How much is the data voucher?", "en"),
        ("What is a 데이터 안심구역?", "en"),
        ("AI 가공 바우처 최대 금액은?", "ko"),
        ("PIAI 위치가 어디예요?", "ko"),
        ("", "ko"),
        ("2023?", "ko"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_language_of_source_text():
    assert language_of_text("포항 빅데이터 AI 혁신센터(PIAI)는 2022년에 개소했습니다.") == "ko"
    english = "The center (포항 빅데이터 AI 혁신센터) opened on 13 October 2022."
    assert language_of_text(english) == "en"
