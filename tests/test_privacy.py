"""Personal data is masked before a question, comment or answer is written to a log."""

import pytest

from assistant.privacy import mask


@pytest.mark.parametrize("text, expected", [
    ("제 번호는 010-1234-5678 입니다", "제 번호는 [전화번호] 입니다"),
    ("연락처 01012345678로 주세요", "연락처 [전화번호]로 주세요"),
    ("센터 054-123-4567 맞나요?", "센터 [전화번호] 맞나요?"),
    ("서울 02-123-4567", "서울 [전화번호]"),
    ("+82 10-9876-5432 로 연락", "[전화번호] 로 연락"),
    ("메일은 hong.gildong+vc@example.co.kr 입니다", "메일은 [이메일] 입니다"),
    ("주민번호 900101-1234567 입니다", "주민번호 [주민등록번호] 입니다"),
    ("주민번호 9001011234567", "주민번호 [주민등록번호]"),
    ("사업자등록번호 123-45-67890 로 신청", "사업자등록번호 [사업자번호] 로 신청"),
    ("카드 1234-5678-9012-3456 결제", "카드 [카드번호] 결제"),
    ("card 4111 1111 1111 1111 please", "card [카드번호] please"),
])
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "2023년 데이터바우처 AI 가공 유형은 최대 6,000만 원까지 지원됐나요?",
    "제11조 제2항에 따른 데이터안심구역",
    "2026-03-05까지 신청",
    "연 2,000건 이상, 4.5억 원",
    "포항 빅데이터 AI 혁신센터는 2022년 10월 13일에 열었다",
    "",
])
def test_ordinary_text_is_left_alone(text):
    assert mask(text) == text
