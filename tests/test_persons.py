"""`assistant.persons`: questions for a person and sentences that name one (cases written for
this file, not golden items; how the refusal policy uses them: tests/test_refusal.py)."""

import pytest

from assistant.persons import (
    PERSON_NAME,
    asked_person,
    designates,
    is_office,
    names_office_holder,
    person_named,
)


@pytest.mark.parametrize("text, holds", [
    ("개관식에는 박민수 도서관장과 최영희 부시장이 참석했습니다.", True),
    ("도서관을 이끄는 사람은 정하늘 관장입니다.", True),
    ("관장 정하늘은 이렇게 말했다.", True),
    ("The library is led by Park Min-su.", True),
    ("The head librarian is Min-Su Park.", True),
    ("도서관은 시가 운영합니다.", False),
    ("관장은 매년 계획을 세운다.", False),
    # statute wording next to an office is no name: a word that is no surname and two
    # syllables, or one ending in a particle or a verb ending
    ("① 위원회의 위원장은 회의를 소집하고, 그 의장이 된다.", False),
    ("위원장이 지명한 전문위원회의 위원장은 장관이 지명한 것으로 본다.", False),
    ("개관식에는 김지은 관장이 참석했습니다.", True),  # a name ending in 은 is still one
])
def test_a_persons_name_in_a_sentence(text, holds):
    assert bool(PERSON_NAME.search(text)) is holds


@pytest.mark.parametrize("question, office", [
    ("Who is the current mayor of Springfield?", "mayor"),
    ("What's the name of the agency's current president?", "president"),
    ("who's the head of the library?", "head"),
    ("군산시장이 누구예요?", "시장"),
    ("도서관 관장님 성함이 어떻게 되세요?", "관장"),  # the office before 성함
    ("성함이 어떻게 되세요?", ""),  # a person, no office named
    ("Who runs the library?", None),  # a body may run it: not a person asked
    ("도서관 이름이 뭐예요?", None),
])
def test_the_office_of_the_person_asked(question, office):
    assert asked_person(question) == ((office is not None), office or "")


@pytest.mark.parametrize("sentence, office, names", [
    ("The deputy mayor, Kim Min-su, attended.", "mayor", False),  # a deputy is not the mayor
    ("The mayor, Kim Min-su, attended.", "mayor", True),
    ("개관식에는 최영희 부시장이 참석했습니다.", "시장", False),
    ("개관식에는 최영희 시장이 참석했습니다.", "시장", True),
    ("The vice president, Park Min-su, spoke.", "president", False),
    ("The library is led by Park Min-su.", "", True),  # no office asked: any name
    ("The mayor opened the library.", "mayor", False),  # an office, no name
    # an English office in a Korean sentence: by its Korean title, a deputy's not
    ("개관식에는 최영희 부시장이 참석했습니다.", "mayor", False),
    ("개관식에는 최영희 시장이 참석했습니다.", "mayor", True),
    ("도서관은 관장 정하늘이 이끕니다.", "director", True),
    ("도서관은 관장 정하늘이 이끕니다.", "head", True),  # "head" names any office
    ("The mayor, Kim Min-su, attended.", "시장", True),  # a Korean office in English: any name
    # a statute makes another office the holder: that names it
    ("③ 위원장은 국무총리가 되고, 위원은 다음 각 호의 사람으로 한다.", "위원장", True),
    ("③ 부위원장은 국무총리가 된다.", "위원장", False),  # a deputy's
    ("The committee is chaired by the Prime Minister.", "chair", True),
    ("① 위원장은 회의를 소집하고, 그 의장이 된다.", "위원장", False),  # what it does, not who
])
def test_a_sentence_names_the_holder_of_the_office_asked(sentence, office, names):
    assert names_office_holder(sentence, office) is names


ASSIGNED = "개인정보처리자의 사업주 또는 대표자가 개인정보 보호책임자가 된다."


@pytest.mark.parametrize("sentence, question, holds", [
    (ASSIGNED, "그럼 누가 책임자임?", True),
    (ASSIGNED, "관장은 누가 돼요?", False),
    ("보호책임자는 매년 교육을 받는다.", "누가 책임자예요?", False),
])
def test_a_sentence_that_makes_someone_the_holder_of_the_role_asked(sentence, question, holds):
    assert designates(sentence, question) is holds


@pytest.mark.parametrize("text, name", [
    ("정하늘 관장은 관장 되기 전에 무슨 전공 교수였어요?", "정하늘"),
    ("개관식 때 정하늘 시립도서관 관장은 축사에서 무슨 말을 했어요?", "정하늘"),
    ("관장 정하늘의 전공은?", "정하늘"),
    ("What did deputy mayor Park Se-jin do before?", "Park Se-jin"),
    ("센터장은 누구예요?", ""),
    ("The library opens at nine.", ""),
])
def test_the_person_a_text_names_beside_an_office(text, name):
    assert person_named(text) == name


@pytest.mark.parametrize("word, office", [
    ("관장", True), ("부시장", True), ("mayor", True), ("deputy", True), ("전공", False),
    ("도서관", False)])
def test_is_office(word, office):
    assert is_office(word) is office
