"""Table-driven tests of the language toolkit (ingest/text.py); every case is written here."""

import unicodedata

import pytest

from ingest.text import (
    HANGUL,
    LATIN,
    YEAR,
    article_label,
    article_labels,
    compact,
    detect_language,
    doc_year,
    document_years,
    edits_a_law,
    ends_sentence,
    has_hangul,
    language_of_text,
    names_this_year,
    normalise,
    pdf_heading,
    sound_key,
    split_english,
    split_sentences,
    split_sentences_many,
    years_in,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("안녕하세요", True), ("hello", False), ("", False), ("ㅋㅋ", False), ("AI 센터", True)],
)
def test_has_hangul(text, expected):
    assert has_hangul(text) is expected
    assert bool(HANGUL.search(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("data 1,000.5 won", ["data", "1,000.5", "won"]), ("e-mail", ["e", "mail"]), ("", [])],
)
def test_latin_tokens(text, expected):
    assert LATIN.findall(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("지원 대상은 누구인가요?", "ko"),
        ("Who can apply for the program?", "en"),
        ("What does 가명정보 mean?", "en"),  # three Latin words against one Hangul word
        ("PDF 파일은 어디서 받나요?", "ko"),
        ("Seoul 어디", "en"),  # a tie goes to the first word's script
        ("서울 office", "ko"),
        ("", "ko"),
        ("2024?", "ko"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("본 사업은 SME 대상이다.", "ko"),
        ("The agency (한국데이터산업진흥원) was founded in 2009.", "en"),
        ("Seoul 어디", "ko"),  # a passage is English only when Latin words outnumber
        ("", "ko"),
    ],
)
def test_language_of_text(text, expected):
    assert language_of_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023년 공고", {2023}),
        ("in 2023 and 2024", {2023, 2024}),
        ("2023-2025 사업", {2023, 2025}),
        ("2023.5.1 시행", {2023}),
        ("1990", {1990}),
        ("2099년", {2099}),
        ("1989", set()),  # before the range
        ("2100", set()),  # after the range
        ("20231", set()),  # part of a longer number
        ("12023", set()),
        ("예산 3,000,000원, 2,023명", set()),
        ("", set()),
    ],
)
def test_years_in(text, expected):
    assert years_in(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("2023", True), ("2023년", True), ("20231", False), ("1989", False), ("년", False)],
)
def test_year_pattern_fullmatch(token, expected):
    assert bool(YEAR.fullmatch(token)) is expected


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"year": 2023}, (2023,)),
        ({"year": "2024"}, (2024,)),
        ({"year": 2022, "valid_from": "2020-01-01", "valid_to": "2021-12-31"}, (2022,)),
        ({"valid_from": "2021-01-01", "valid_to": "2022-12-31"}, (2021, 2022)),
        ({"valid_from": "2020-01-01", "valid_to": "2030-12-31"}, ()),  # too long a span
        ({"valid_from": "2023-01-01", "valid_to": "2022-12-31"}, ()),
        ({"valid_from": "2020-01-01"}, ()),
        ({"year": "미정"}, ()),
        ({"year": 1850}, ()),
        ({}, ()),
    ],
)
def test_document_years(metadata, expected):
    assert document_years(metadata) == expected


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"year": 2023}, 2023),
        ({"valid_from": "2021-03-01", "valid_to": "2021-12-31"}, 2021),
        ({"valid_from": "2021-01-01", "valid_to": "2022-12-31"}, None),
        ({}, None),
    ],
)
def test_doc_year(metadata, expected):
    assert doc_year(metadata) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("제28조", "제28조"),
        ("제 28 조의 2", "제28조의2"),
        ("제28조의2(가명정보의 처리 등)", "제28조의2"),
        ("법 제3조제1항에 따라", "제3조"),
        ("제3조의 규정에 따른다", "제3조"),
        ("Article 28-2", "제28조의2"),
        ("Art. 3", "제3조"),
        ("under article 15 of the Act", "제15조"),
        ("See Article 7 and 제9조", "제7조"),  # the first label in the text
        ("제\n3조", ""),  # a label never spans a line break
        ("3조 원", ""),
        ("the art of data", ""),
        ("", ""),
    ],
)
def test_article_label(text, expected):
    assert article_label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("제1조, 제2조의3 and Article 4", ["제1조", "제2조의3", "제4조"]), ("없음", []), ("", [])],
)
def test_article_labels(text, expected):
    assert article_labels(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("이 법은 공포한 날부터 시행한다", True),
        ("신청서를 제출합니다.  ", True),
        ("온라인으로 신청하세요", True),
        ("Apply online.", True),
        ("Is it free?", True),
        ("“확인 바랍니다”", True),
        ("제1조(목적)", True),
        ("추진 배경", False),
        ("1. 지원 대상", False),
        ("Eligibility", False),
        ("지원 항목:", False),
        ("", False),
    ],
)
def test_ends_sentence(line, expected):
    assert ends_sentence(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Open spaces and plans", True),
        ("추진 배경", True),
        ("2. Eligibility", True),
        ("Data analysis rooms", True),
        ("notices", False),  # lower case: the wrapped end of the line above
        ("and citizens of Pohang", False),
        ("Hours, booking and fees: see the center's", False),  # 41 characters: too long
        ("신청 방법:", False),  # runs on
        ("지원 대상,", False),
        ("- 분석실", False),  # a list item
        ("**이용 안내**", True),  # emphasis, not a list item
        ("센터를 소개합니다.", False),  # a sentence
        ("A", False),
        ("", False),
    ],
)
def test_pdf_heading(line, expected):
    assert pdf_heading(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("바우처는 공급기업이 제공합니다. 신청은 온라인으로 한다.",
         ["바우처는 공급기업이 제공합니다.", "신청은 온라인으로 한다."]),
        ("지원금은 1.5억 원이다 신청은 3월에 한다", ["지원금은 1.5억 원이다", "신청은 3월에 한다"]),
        ("센터는 2022년에 열었다. The center opened in 2022.",
         ["센터는 2022년에 열었다.", "The center opened in 2022."]),
        ("Is it free? Yes. It is.", ["Is it free?", "Yes.", "It is."]),
        ("Contact Dr. Kim at the center. He replies.",
         ["Contact Dr. Kim at the center.", "He replies."]),
        ("Bring papers, e.g. Tax records. Then apply.",
         ["Bring papers, e.g. Tax records.", "Then apply."]),
        ("See Art. 3 of the Act.", ["See Art. 3 of the Act."]),
        ("The U.S. Government funds it.", ["The U.S. Government funds it."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_split_sentences_many_matches_one_by_one():
    texts = ["첫 문장이다. 둘째 문장이다.", "One. Two.", ""]
    assert split_sentences_many(texts) == [split_sentences(t) for t in texts]
    assert split_sentences_many([]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opened. Mr. Lee runs it.", ["It opened.", "Mr. Lee runs it."]),
        ("Budget: 2 billion (approx. Two). Done.", ["Budget: 2 billion (approx. Two).", "Done."]),
        ("no gap here", ["no gap here"]),
    ],
)
def test_split_english(text, expected):
    assert split_english(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a \n b\t  c ", "a b c"),
        (unicodedata.normalize("NFD", "한글 문서"), "한글 문서"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000 만원", "1000만원"),
        ("Data Voucher", "datavoucher"),
        ("2,5 and 12,3456", "2,5and123456"),  # only a comma before three digits goes
        (unicodedata.normalize("NFD", "데이터 바우처"), "데이터바우처"),
        ("", ""),
    ],
)
def test_compact(text, expected):
    assert compact(text) == expected


@pytest.mark.parametrize("text, years, full", [
    ("23년 바우처 구매 유형", {2023}, "2023년 바우처 구매 유형"),
    ("23년도 예산", {2023}, "2023년도 예산"),
    ("budget in '21?", {2021}, "budget in 2021?"),
    ("23년 동안 운영했습니다", set(), "23년 동안 운영했습니다"),
    ("10년간 지원", set(), "10년간 지원"),
    ("3년 이상 경력", set(), "3년 이상 경력"),
    ("2023년 예산", {2023}, "2023년 예산"),
])
def test_two_digit_years_as_people_type_them(text, years, full):
    from ingest.text import full_years

    assert years_in(text, short=True) == years
    assert full_years(text) == full
    assert years_in("23년 바우처") == set()  # documents: four-digit years only


@pytest.mark.parametrize("typed, meant, same", [
    ("빅대이터", "빅데이터", True),  # ㅐ / ㅔ
    ("얘기", "예기", True),  # ㅒ / ㅖ
    ("왜", "외", True),  # ㅙ / ㅚ / ㅞ
    ("체결햇고", "체결했고", True),  # final ㅅ / ㅆ
    ("낮", "낯", True),  # finals heard as ㄷ
    ("부엌", "부억", True),  # ㅋ heard as ㄱ
    ("포 항", "포항", True),  # spaces do not count (compact)
    ("몇", "멏", False),  # ㅕ / ㅓ sound different
    ("데이터", "데이타", False),  # another vowel: a typo, not a spelling by sound
    ("K-DATA", "k-data", True),  # other characters as compact leaves them
])
def test_sound_key(typed, meant, same):
    assert (sound_key(typed) == sound_key(meant)) is same


@pytest.mark.parametrize(("text", "expected"), [
    ("데이터 청년 캠퍼스 올해는 모집 언제 해요?", True),
    ("금년 바우처 예산은?", True),
    ("When is this year's intake?", True),
    ("what about THIS YEAR", True),
    ("2026년 모집은 언제예요?", False),  # a year by number is years_in's
    ("작년 경쟁률은?", False),
    ("this yearly report", False),
    ("", False),
])
def test_names_this_year(text, expected):
    assert names_this_year(text) is expected


@pytest.mark.parametrize("line, edits", [
    ("⑩ 데이터 산업진흥 및 이용촉진에 관한 기본법 일부를 다음과 같이 개정한다.", True),
    ('제6조제3항제1호 중 "방송통신위원회"를 "방송미디어통신위원회"로 한다.', True),
    ("제7조(다른 법률의 개정) ①부터 <86>까지 생략", True),
    ("<88>부터 <626>까지 생략", True),
    ("제8조 생략", True),
    ("이 법은 공포 후 6개월이 경과한 날부터 시행한다.", False),  # the addenda's own rule
    ("제출 서류 중 일부를 생략할 수 있다.", False),  # a rule that lets something be left out
    ("그 밖에 필요한 사항은 대통령령으로 정한다.", False),
])
def test_edits_a_law(line, edits):
    assert edits_a_law(line) is edits
