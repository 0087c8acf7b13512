"""Refusal by the question's focus (cases written for this file, not golden items)."""

from dataclasses import replace

import pytest

from assistant.calibration import default_calibration
from assistant.models import Hit
from assistant.question import analyse
from assistant.refusal import ANSWER, RefusalPolicy, adjunct_only, counted
from assistant.signals import Signals, gather, meets

POLICY = RefusalPolicy(default_calibration().refusal)
V = default_calibration().refusal
CORPUS_WORDS = {"바우처", "데이터바우처", "신청", "자격", "강의실", "센터", "이용", "voucher",
                "apply",
                "training", "room", "library", "budget", "center", "lecture", "분석실", "포스텍",
                "pohang", "technopark", "역할", "open"}


def known(words):
    return {w for w in words if w in CORPUS_WORDS}


def hit(text="", dense=0.9, keyword=10.0, chunk="c1"):
    return Hit(chunk, "d", text, "t", "s", dense_score=dense, keyword_score=keyword)


def signals(question, text="", dense=0.9, keyword=10.0):
    h = hit(text, dense, keyword)
    return gather(analyse(question), [h], [h], [h], known)


@pytest.mark.parametrize("question, ignored", [
    ("친구랑 같이 센터 강의실 이용해도 돼요?", "친구"),
    ("어머니께 여쭤보려는데 강의실 이용 자격이 뭐예요?", "어머니"),
    ("저희는 울산에 있는 회사인데요, 데이터바우처 신청 자격이 뭐예요?", "울산"),
    ("Our shop is in Ulsan. Can we apply for the voucher?", "ulsan"),
    ("Can a startup in Gimhae apply for the voucher?", "gimhae"),
])
def test_context_adjunct_and_place_words_do_not_refuse(question, ignored):
    s = signals(question)
    assert ignored in s.ignored_terms and ignored not in s.unknown_terms
    assert POLICY.decide(s, korean=analyse(question).text[0] > "z") is ANSWER


@pytest.mark.parametrize("question", ["센터 주차장 요금은 얼마예요?", "센터 근처 맛집 추천해 줘"])
def test_an_unknown_focus_word_refuses_when_evidence_is_not_strong(question):
    s = signals(question, dense=V.unknown_focus_dense - 0.02)
    assert s.unknown_terms and POLICY.decide(s, korean=True).action == "refuse"


def test_a_part_of_a_turn_whose_words_are_all_known_is_not_refused_for_another_part():
    question = "바우처 얘기가 뭔 약자예요? 그리고 강의실 이용 자격도 알려주세요"
    s = signals(question, text="바우처 강의실 이용 자격", dense=V.unknown_focus_dense - 0.02)
    assert s.unknown_terms and s.known_part
    assert POLICY.decide(s, korean=True).action == "answer"
    # one question, or every part with a word the documents never use: refused
    alone = signals("바우처 얘기가 뭔 약자예요?", text="바우처",
                    dense=V.unknown_focus_dense - 0.02)
    assert not alone.known_part and POLICY.decide(alone, korean=True).action == "refuse"
    both = signals("센터 주차장은 뭔 용도예요? 그리고 강의실 사물함도 알려주세요",
                   text="센터 강의실", dense=V.unknown_focus_dense - 0.02)
    assert not both.known_part and POLICY.decide(both, korean=True).action == "refuse"


def test_a_yes_no_question_of_a_turn_is_a_part_of_its_own():
    # "…사도 되나요?" holds no question word, yet it is a question of the turn: the second one,
    # every word of which the documents use, is answered
    question = "바우처로 캐비닛 사도 되나요? 바우처 신청 자격이 정해져 있어요?"
    s = signals(question, text="바우처 신청 자격", dense=V.unknown_focus_dense - 0.02)
    assert s.unknown_terms == ["캐비닛"] and s.known_part
    assert POLICY.decide(s, korean=True).action == "answer"
    # the same words in one question: refused
    one = signals("바우처로 캐비닛 사도 되나요?", text="바우처 신청 자격",
                  dense=V.unknown_focus_dense - 0.02)
    assert not one.known_part and POLICY.decide(one, korean=True).action == "refuse"


def test_a_year_no_document_mentions_refuses():
    s = signals("2031년 데이터바우처 신청 자격은?", text="2023년 데이터바우처")
    assert POLICY.decide(s, korean=True).action == "refuse" and s.unknown_years == ["2031"]


def test_weak_evidence_refuses_unless_both_retrievers_agree_on_known_words():
    weak = dict(dense=V.weak_dense - 0.05, keyword=V.weak_keyword - 1)
    agreed = signals("When does the library open?", **weak)
    assert agreed.agreement and POLICY.decide(agreed, korean=False) is ANSWER
    split = Signals(weak["dense"], weak["keyword"], [], 2, False, [])
    assert POLICY.decide(split, korean=False).action == "refuse"


def test_an_english_acronym_the_documents_never_use_refuses_unless_evidence_is_strong():
    """An acronym is written the same in Korean text, so "GDPR" missing from the documents is
    plain in both languages; one in the asker's situation ("our CEO") is context."""
    below = V.unknown_focus_dense - 0.02
    gdpr = signals("What is the maximum fine under the GDPR for the center?", dense=below)
    assert gdpr.unknown_acronyms == ["gdpr"]
    assert POLICY.decide(gdpr, korean=False).action == "refuse"
    strong = signals("What is the maximum fine under the GDPR for the center?",
                     dense=V.unknown_focus_dense + 0.01)
    assert POLICY.decide(strong, korean=False) is ANSWER
    ceo = signals("Our CEO is 40. Can we apply for the voucher?", dense=below)
    assert ceo.unknown_acronyms == [] and POLICY.decide(ceo, korean=False) is ANSWER
    fine = signals("What is the maximum fine for the center?", dense=below)
    assert fine.unknown_acronyms == []  # an unknown lower-case word is no acronym
    # a capitalised name the documents never use is another topic, as an acronym is
    daegu = signals("What does Daegu's smart city grant pay out?", dense=below)
    assert daegu.unknown_acronyms == ["daegu"]
    assert POLICY.decide(daegu, korean=False).action == "refuse"


def evidence(*rows):
    return [(text, context, cosine, fit) for text, context, cosine, fit in rows]


def holds(word, text):
    return meets(word, text)


def test_an_uncovered_attribute_of_a_covered_entity_is_said_plainly():
    asked = analyse("What is Pohang Technopark's annual budget?")
    units = evidence(("Pohang Technopark fosters companies and startups.", "Roles", 0.8, 0.0),
                     ("The center's budget grows in stages.", "Funding", 0.8, 0.0))
    decision = POLICY.covers(asked, units, holds)
    assert decision.action == "uncovered"
    assert decision.entity == "Pohang Technopark" and "budget" in decision.attribute


def test_a_sentence_naming_the_entity_with_the_asked_fact_answers():
    asked = analyse("What is Pohang Technopark's annual budget?")
    units = evidence(("Pohang Technopark spends 3 billion KRW a year.", "Budget", 0.8, 1.0))
    assert POLICY.covers(asked, units, holds) is ANSWER


def test_a_fact_of_the_kind_far_in_meaning_from_the_question_does_not_cover_it():
    """"How many people work there?": "250 people attended the opening" counts people, but it
    is much further from the question than the sentences about the center itself."""
    asked = analyse("How many people work at Pohang Technopark?")
    near = 0.9
    units = evidence(("Pohang Technopark fosters startups.", "Roles", near, 0.0),
                     ("250 people attended Pohang Technopark's fair.", "",
                      near - V.fit_cosine_span - 0.01, 1.0))
    named = ["Pohang Technopark"]
    assert POLICY.covers(asked, units, holds, named).action == "uncovered"
    close = [units[0], (units[1][0], "", near - V.fit_cosine_span + 0.01, 1.0)]
    assert POLICY.covers(asked, close, holds, named) is ANSWER


def test_a_close_sentence_answers_although_no_fact_of_the_kind_is_found():
    asked = analyse("When did Pohang Technopark start fostering startups?")
    units = evidence(("Pohang Technopark fosters startups.", "", V.uncovered_cosine + 0.01, 0.0))
    assert POLICY.covers(asked, units, holds, ["Pohang Technopark"]) is ANSWER


def test_no_sentence_however_close_answers_a_sum_of_money_it_does_not_state():
    asked = analyse("What is Pohang Technopark's annual budget?")
    units = evidence(("Pohang Technopark fosters startups.", "", V.uncovered_cosine + 0.01, 0.0))
    assert POLICY.covers(asked, units, holds).action == "uncovered"


def test_an_english_where_of_a_named_entity_no_sentence_places_is_uncovered():
    """"Where is X's head office?": sentences name X but none says where anything is. A Korean
    "어디" asks a body as often as a place ("어디서 받아요?"), so it is left to the answer."""
    units = evidence(("Pohang Technopark fosters companies and startups.", "Roles", 0.8, 0.0))
    decision = POLICY.covers(analyse("Where is Pohang Technopark's head office?"), units, holds)
    assert decision.action == "uncovered" and decision.entity == "Pohang Technopark"
    placed = evidence(("Pohang Technopark is located in Nam-gu.", "Roles", 0.8, 1.0))
    assert POLICY.covers(analyse("Where is Pohang Technopark's head office?"), placed,
                         holds) is ANSWER
    korean = evidence(("포항테크노파크는 기업과 스타트업 육성을 맡습니다.", "역할", 0.8, 0.0))
    assert POLICY.covers(analyse("포항테크노파크는 어디서 인증을 받아요?"), korean, holds) is ANSWER


def test_questions_without_a_named_entity_are_left_to_the_signals():
    asked = analyse("How much is the voucher?")
    units = evidence(("The voucher helps companies.", "", 0.7, 0.0))
    assert POLICY.covers(asked, units, holds) is ANSWER


def test_unknown_attribute_words_of_a_named_entity_become_uncovered():
    asked = analyse("포스텍 총장 임기는 언제까지예요?")
    decision = POLICY.uncovered(asked, "unknown", ["임기"])
    assert decision.action == "uncovered" and decision.entity == "포스텍"
    assert decision.attribute == "임기"


def test_a_fact_in_a_sentence_of_another_language_keeps_the_answer():
    asked = analyse("What is Pohang Technopark's annual budget?")
    units = evidence(("Pohang Technopark fosters companies and startups.", "Roles", 0.8, 0.0))
    assert POLICY.covers(asked, units, holds).action == "uncovered"
    assert POLICY.covers(asked, units, holds, elsewhere=True) is ANSWER


def test_two_letter_names_do_not_make_an_entity():
    asked = analyse("How many AI vouchers were there?")
    units = evidence(("AI vouchers help companies.", "", 0.8, 0.0))
    assert POLICY.covers(asked, units, holds, ["ai"]) is ANSWER


CENTER_TEXT = ("포항 빅데이터 AI 혁신센터는 포항인공지능연구원 안에 있습니다. "
               "입주 조건은 센터가 정합니다.")


@pytest.mark.parametrize("question, text, absent", [
    # another thing of the same kind: the passages are about Pohang's center, not Daegu's
    ("대구 빅데이터 센터 입주 조건이 뭐예요?", CENTER_TEXT, ["대구"]),
    ("포스코 채용 공고는 언제 나와요?", CENTER_TEXT, ["포스코"]),
    # the name is in the passages
    ("포항 빅데이터 센터 입주 조건이 뭐예요?", CENTER_TEXT, []),
    # ... misspelt as it sounds (ㅐ for ㅔ)
    ("포항 빅대이터 센터 입주 조건이 뭐예요?", CENTER_TEXT, []),
    # a place in the asker's situation is not what is asked about
    ("저희는 울산에 있는 회사인데요, 센터 입주 조건이 뭐예요?", CENTER_TEXT, []),
    # English names are left to the other signals (they may be translated in the passages)
    ("What are the tenancy conditions of the Daegu big data center?", CENTER_TEXT, []),
])
def test_a_korean_name_no_passage_mentions_refuses(question, text, absent):
    s = signals(question, text=text, dense=V.unknown_focus_dense - 0.02)
    assert s.absent_names == absent
    s = replace(s, unknown_terms=[])  # this file's toy vocabulary lacks 입주, 조건, …
    assert (POLICY.decide(s, korean=True).action == "refuse") is bool(absent)
    strong = replace(s, dense_top=V.unknown_focus_dense + 0.01)
    assert POLICY.decide(strong, korean=True) is ANSWER


@pytest.mark.parametrize("question, uncovered", [
    ("도서관 관장님 성함이 어떻게 되세요?", True),  # a person's name, none given
    ("What is the library director's name?", True),
    ("도서관 이름이 뭐예요?", False),  # the name of a thing, not of a person
])
def test_a_persons_name_asked_and_not_given_is_uncovered(question, uncovered):
    units = evidence(("도서관은 시가 운영합니다.", "운영", 0.85, 0.0),
                     ("The library is run by the city.", "About", 0.85, 0.0))
    decision = POLICY.covers(analyse(question), units, holds)
    assert (decision.action == "uncovered") is uncovered
    named = evidence(("도서관을 이끄는 사람은 정하늘 관장입니다.", "운영", 0.85, 0.0))
    assert POLICY.covers(analyse(question), named, holds).action != "uncovered"


@pytest.mark.parametrize("question", [
    "시립도서관 본관 주소가 어디예요?", "시립도서관 위치 좀 알려주세요", "시립도서관 소재지는요?"])
def test_a_korean_question_with_a_word_for_a_place_asks_a_place(question):
    """"주소", "위치": a Korean where-question that says it asks a place is checked as an
    English "where" is; the fuller of two names the same sentences hold is the entity."""
    units = evidence(("시립도서관은 시민에게 책을 빌려줍니다.", "시립도서관 소개", 0.8, 0.0))
    decision = POLICY.covers(analyse(question), units, holds, ["시립", "시립도서관"])
    assert decision.action == "uncovered" and decision.entity == "시립도서관"
    placed = evidence(("시립도서관은 중앙로 12에 있습니다.", "시립도서관 소개", 0.8, 1.0))
    assert POLICY.covers(analyse(question), placed, holds, ["시립도서관"]) is ANSWER


NAMED = evidence(("개관식에는 정하늘 도서관장과 박세진 부시장이 참석했습니다.", "개관", 0.86, 0.0),
                 ("The deputy mayor, Park Se-jin, attended the opening.", "About", 0.85, 0.0))


@pytest.mark.parametrize("question, unmet", [
    ("정하늘 관장은 관장 되기 전에 무슨 전공 교수였어요?", ["전공"]),
    ("개관식 때 정하늘 관장은 축사에서 무슨 말을 했어요?", ["축사"]),
    ("What did deputy mayor Park Se-jin do before joining city hall?", None),
    ("정하늘 관장은 개관식에 왔어요?", []),  # what is asked is what the sentence says
    ("정하늘 관장은 누구예요?", []),  # nothing asked besides who the person is
    ("도서관장 성함이 뭐예요?", []),  # a person asked for: `person_uncovered`
])
def test_an_attribute_of_a_named_person_no_sentence_naming_them_states_is_uncovered(
        question, unmet):
    decision = POLICY.named_person_uncovered(analyse(question), NAMED, holds)
    assert (decision is not None) is (unmet != [])
    if unmet:
        assert decision.action == "uncovered" and decision.attribute == " ".join(unmet)


def test_a_deputy_does_not_answer_who_holds_the_office():
    units = evidence(("The deputy mayor, Kim Min-su, opened the library.", "About", 0.85, 0.0))
    decision = POLICY.covers(analyse("Who is the mayor of the city?"), units, holds)
    assert decision.action == "uncovered" and decision.attribute == "the mayor's name"
    assert POLICY.covers(analyse("Who is the deputy mayor?"), units, holds).action != "uncovered"


def test_an_uncovered_count_names_the_counter_asked():
    units = evidence(("열람실은 도서관 본관 안에 있습니다.", "열람실", 0.85, 0.0))
    decision = POLICY.covers(analyse("도서관 열람실은 본관 건물 몇 층에 있어요?"), units, holds,
                             ["열람실"])
    assert decision.action == "uncovered" and decision.attribute == "몇 층"


@pytest.mark.parametrize(("question", "unknown", "thing"), [
    ("How many seats does the lecture room have?", ["seat"], "seats"),
    ("How many PCs or seats are in the analysis room?", ["pcs", "seat"], "PCs"),
    ("What is the number of GPUs in the data center?", ["gpus"], "GPUs"),
    ("How many universities took part?", [], ""),  # the documents name universities
    ("How many seats does the room have?", ["weather"], ""),  # another word is unknown
])
def test_what_an_english_question_counts_when_the_documents_never_name_it(question, unknown,
                                                                        thing):
    assert counted(question, unknown) == thing


def test_a_request_outside_the_documents_refuses_even_with_strong_evidence():
    s = Signals(0.99, 30.0, [], 1, True, [], request="poem")
    decision = POLICY.decide(s, korean=False)
    assert decision.action == "refuse" and "poem" in decision.reason


@pytest.mark.parametrize("question, unknown, thing", [
    ("분석실에 GPU 서버가 몇 대 있어요?", ["gpu"], "GPU 서버"),
    ("강의실에 빔프로젝터가 몇 개 있어요?", ["빔프로젝터"], "빔프로젝터"),
    ("강의실 좌석은 몇 개예요?", ["좌석"], "좌석"),
    ("강의실 좌석이 몇 석이에요?", [], ""),  # every word known: the documents may count it
])
def test_what_a_korean_question_counts_when_the_documents_never_name_it(question, unknown,
                                                                      thing):
    assert counted(question, unknown) == thing


def test_an_english_uncovered_message_quotes_the_askers_question():
    decision = POLICY.uncovered(analyse("I'm a student. How many supplier companies are "
                                        "registered on the Data Store right now?"), "r")
    assert decision.attribute == ("what you asked (“How many supplier companies are registered "
                                  "on the Data Store right now?”)")
    named = POLICY.uncovered(analyse("Who is the mayor of Pohang?"), "r",
                             asked=["the mayor's name"])
    assert named.attribute == "the mayor's name"  # a phrase made for it stays



@pytest.mark.parametrize("text, only", [
    ("도서관은 2022년 5월 시립연구원 안에 문을 열었습니다.", True),  # a place
    ("시립연구원(CRI)에서 교육이 열립니다.", True),
    ("시립연구원과 함께 세웠습니다.", True),  # a companion
    ("시립연구원은 2019년에 설립되었습니다.", False),  # its topic
    ("시립연구원의 예산은 10억 원입니다.", False),  # its owner
    ("The library opened inside the City Research Institute.", False),  # not judged in English
])
def test_a_korean_name_used_only_as_a_place_or_companion(text, only):
    word = "시립연구원" if "시립" in text else "City Research Institute"
    assert adjunct_only(word, text) is only


def test_a_date_of_another_thing_where_the_entity_is_only_its_place_does_not_cover_it():
    asked = analyse("시립연구원은 몇 년도에 설립됐어요?")
    units = evidence(("도서관은 2022년 5월 시립연구원 안에 문을 열었습니다.", "개요", 0.8, 1.0),
                     ("시립연구원은 AI 연구를 합니다.", "개요", 0.8, 0.0))
    assert POLICY.covers(asked, units, holds, ["시립연구원"]).action == "uncovered"
    founded = evidence(("시립연구원은 2019년에 설립되었습니다.", "개요", 0.8, 1.0))
    assert POLICY.covers(asked, founded, holds, ["시립연구원"]) is ANSWER


def test_a_name_used_as_the_frame_of_a_sentence_that_names_all_else_asked_covers_it():
    """"2023년 데이터바우처에서 청년기업은 …": the voucher frames the statement (as a place would
    be named: 에서) and the sentence names every other word asked, so it answers; the place of
    another thing that names no other word asked still does not."""
    asked = analyse("바우처 청년기업 몇살까지에요")
    framed = evidence(("2023년 데이터바우처에서 청년기업은 대표자가 만 39세 이하인 기업입니다.",
                       "청년기업", 0.9, 1.0))
    assert POLICY.covers(asked, framed, holds, ["바우처"]) is ANSWER
    elsewhere = evidence(("2023년 데이터바우처에서 심사는 39일 걸렸습니다.", "심사", 0.9, 1.0))
    assert POLICY.covers(asked, elsewhere, holds, ["바우처"]).action == "uncovered"


def test_a_name_the_documents_use_that_no_evidence_sentence_names_is_uncovered():
    """"솔빛 관장님 임기는 언제까지예요?": the documents name 솔빛 (it is known), but every evidence
    sentence is about another office's term, so the evidence is not about the name asked; a
    name the documents do not use is left to the signals."""
    asked = analyse("솔빛 관장님 임기는 언제까지예요?")
    units = evidence(("① 위원의 임기는 3년으로 한다.", "제7조 (위원의 임기)", 0.83, 0.0),
                     ("위원은 한 차례만 연임할 수 있다.", "제7조 (위원의 임기)", 0.82, 0.0))
    decision = POLICY.covers(asked, units, holds, ["솔빛"], known=["솔빛"])
    assert (decision.action, decision.entity) == ("uncovered", "솔빛")
    assert POLICY.covers(asked, units, holds, ["솔빛"]) is ANSWER


def test_an_english_name_the_documents_use_that_no_evidence_sentence_names_is_uncovered():
    """"How much MyData pilot funding was there in 2023?" over sentences on the 2023 voucher:
    MyData is a glossary name (the documents use it, in Korean), so sentences that never name
    it are not about it, though they state a sum of that year; "AI" is too short to decide."""
    asked = analyse("How much MyData pilot funding was there in 2023?")
    units = evidence(("2023년 데이터바우처 사업의 예산은 894억 원이었습니다.", "2023", 0.89, 1.0),
                     ("2023년 데이터바우처는 모두 2,010개가 지원되었습니다.", "2023", 0.90, 0.5))
    decision = POLICY.covers(asked, units, holds, ["MyData"], known=["MyData"])
    assert (decision.action, decision.entity) == ("uncovered", "MyData")
    assert POLICY.covers(asked, units, holds, ["MyData"]) is ANSWER  # not known: the signals'
    assert POLICY.covers(asked, units, holds, ["AI"], known=["AI"]) is ANSWER


def test_the_words_of_a_covered_term_are_not_said_to_be_asked():
    """"데이터 품질인증 …": the term is what the documents cover, so its own words are no part
    of what they do not state; a question of no other word quotes its asking clause."""
    asked = analyse("데이터 품질인증 받으면 그 인증 몇 년짜리예요?")
    decision = POLICY.uncovered(asked, "test", entity="데이터 품질인증")
    assert "데이터 품질" not in decision.attribute.replace("데이터 품질인증 받으면", "")
    assert decision.attribute.startswith("데이터 품질인증 받으면")
    named = POLICY.uncovered(analyse("포스텍 총장 임기는 언제까지예요?"), "test", entity="포스텍")
    assert named.attribute == "총장 임기"
