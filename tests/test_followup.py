import pytest

from assistant.earlier import listed
from assistant.followup import (
    WEAK_ALONE,
    Resolved,
    dependence,
    lean,
    looks_referential,
    make_standalone,
    resolve,
)
from assistant.glossary import Glossary
from assistant.models import Turn
from tests.conftest import REPO
from tests.fakes import FakeChatModel
from tests.test_earlier import SERVICES

HISTORY = [Turn("2023년 데이터바우처 AI 가공 지원 금액은 얼마인가요?", "최대 6,000만 원 [1].")]


def test_no_history_keeps_question():
    assert make_standalone("이거 청년기업도 되나요?", []) == "이거 청년기업도 되나요?"


def test_referential_korean_question_gains_previous_terms():
    out = make_standalone("이거 청년기업도 되나요?", HISTORY)
    assert out.startswith("이거 청년기업도 되나요?")
    assert "2023년" in out and "데이터바우처" in out


def test_referential_english_question():
    out = make_standalone("And what about youth companies?",
                          [Turn("How much was the data voucher in 2023?")])
    assert "2023" in out and "voucher" in out


def test_self_contained_question_is_left_alone():
    question = "데이터 안심구역 지정 절차는 어떻게 되나요?"
    assert make_standalone(question, HISTORY) == question


def test_referential_check():
    assert looks_referential("그럼 마감은?") and looks_referential("What about it?")
    assert not looks_referential("포항 빅데이터 AI 혁신센터의 4대 서비스는 무엇인가요?")


def test_condense_prompt_with_llm():
    chat = FakeChatModel(["2023년 데이터바우처에서 청년기업도 지원받을 수 있나요?\n"])
    out = make_standalone("이거 청년기업도 되나요?", HISTORY, chat=chat)
    assert out == "2023년 데이터바우처에서 청년기업도 지원받을 수 있나요?"
    prompt = chat.last_prompt
    assert "Standalone question" in prompt and "2023년 데이터바우처" in prompt
    assert "이거 청년기업도 되나요?" in prompt


def test_llm_failure_falls_back_to_rule():
    chat = FakeChatModel([TimeoutError("slow")])
    out = make_standalone("이거 청년기업도 되나요?", HISTORY, chat=chat)
    assert "데이터바우처" in out


# The standalone-vs-follow-up decision: (question, expected reason); "" = stands alone.
DECISIONS = [
    ("데이터 안심구역이 뭐예요?", ""),
    ("가명정보 결합은 어디서 해요?", ""),
    ("포항 센터 강의실은 누가 쓸 수 있어요?", ""),
    ("K-DATA는 언제 설립됐어?", ""),
    ("데이터바우처 지원 금액은 얼마예요?", ""),
    ("마이데이터 전송요구권이 뭔지 설명해 줘", ""),
    ("What is a data safe zone?", ""),
    ("Who runs the Data Store?", ""),
    ("Which article covers pseudonymised data?", ""),
    ("tell me about MyData", ""),
    ("When did the center open?", ""),
    ("그럼 2021년은요?", "points back"),
    ("이거 청년기업도 되나요?", "points back"),
    ("2022년은?", "points back"),
    ("예비창업자는요?", "points back"),
    ("그건 누가 운영해요?", "points back"),
    ("and for pre-founders?", "points back"),
    ("What about 2021?", "points back"),
    ("How much is it?", "points back"),
    ("Is it open on weekends?", "points back"),
    ("Same for the 2020 guide?", "points back"),
    ("신청 방법은?", "names no topic"),
    ("마감은 언제예요?", "names no topic"),
    ("자격 요건은요?", "names no topic"),
    ("what's the deadline?", "names no topic"),
    ("how do I apply?", "names no topic"),
    ("Something else: can a firm that's behind on its taxes join the program?", ""),
    ("Unrelated, but where is the data safe zone in Daegu?", ""),
    ("다른 질문인데요, 가명정보 결합은 누가 해요?", ""),
    ("Is that free?", "points back"),
    ("nice. and what about 2021?", "points back"),  # after an interjection
    ("ok thanks. unrelated: who runs the Data Store?", ""),
    ("OK, different question: who runs the Data Store?", ""),  # a switch after an interjection
    ("아 그건 그렇고, 가명정보는 누가 결합해요?", ""),
    ("Is that the same thing as a data safe zone?", "points back"),  # a comparison, no restatement
    ("같은 내용으로 회신 초안 써줘", "restates the previous answer"),
    ("Can you turn that into a formal reply?", "restates the previous answer"),
    ("그 인증은 어디 가서 받으면 돼요?", "points back"),  # a determiner before any noun
    ("이 사업은 누가 운영해요?", "points back"),
    ("저 대학생인데 분석실 써도 돼요?", ""),  # 저: "I", not "that"
    ("How many data safe zones are there?", ""),  # "are there": that something exists
    ("There are data safe zones in Daejeon, right?", ""),
    ("and how big is the lecture room there?", "points back"),  # "there": a place said before
    # a topic change said in other words: the turn stands alone whatever it holds
    ("Different topic - is there a reading room I can use there?", ""),
    ("Switching gears: how much is it for a startup?", ""),
    ("On a different note, is that open to students?", ""),
    ("딴 얘기인데요, 거기 주차는 돼요?", ""),
    ("그건 됐고요, 그 공간은 몇 시까지 열어요?", ""),
    ("주제 바꿔서, 그 기관은 누가 운영해요?", ""),
    ("다른 주제인데 이건 무료예요?", ""),
]


@pytest.mark.parametrize("question, reason", DECISIONS)
def test_standalone_or_followup_decision(question, reason):
    assert dependence(question) == reason


@pytest.mark.parametrize("question", [q for q, r in DECISIONS if not r])
def test_standalone_question_ignores_an_unrelated_history(question):
    history = [Turn("2023년 데이터바우처 AI 가공 지원 금액은 얼마인가요?", "최대 6,000만 원 [1].")]
    resolved = resolve(question, history)
    assert resolved == Resolved(question) and not resolved.followup


GLOSSARY = Glossary.load(REPO / "corpus" / "glossary.yaml")
VOUCHER_TURN = [Turn("2023년 데이터바우처 AI 가공 지원 금액은 얼마인가요?", "최대 6,000만 원 [1].")]
SAFE_ZONE_TURN = [Turn("What is a data safe zone?", "A place to analyse unreleased data. [1]")]

# With the conversation: a pointing-back word in a clause before the asking one, when the asking
# clause names a topic the conversation has not, is a turn that moves on (not a golden item).
IN_CONVERSATION = [
    (VOUCHER_TURN, "아 그건 됐고, 가명정보 결합은 누가 해요?", ""),
    (VOUCHER_TURN, "그건 알겠어요. 마이데이터 전송요구권은 뭐예요?", ""),
    (VOUCHER_TURN, "됐고 데이터 안심구역은 어디 있어요?", ""),
    (SAFE_ZONE_TURN, "OK never mind that, who runs the Data Store?", ""),
    (SAFE_ZONE_TURN, "Thanks for that. What is K-DATA?", ""),
    # a statement after the question (the asker's plan) asks nothing: the question is the
    # asking clause, and it names a new topic
    (VOUCHER_TURN, "그건 됐고 분석실은 몇 시까지 열어요? 퇴근하고 들러 보려고요", ""),
    (SAFE_ZONE_TURN, "OK got it. Who runs the Data Store? I might register there.", ""),
    (VOUCHER_TURN, "그럼 그건 얼마예요? 궁금해서요", "points back"),
    # the asking clause itself points back, names nothing new, or an earlier clause asks too
    (VOUCHER_TURN, "그거 신청하려면, 서류 뭐 필요해요?", "points back"),
    (VOUCHER_TURN, "그건 알겠고요, 그럼 구매 유형은요?", "points back"),
    (VOUCHER_TURN, "그거 신청은 어디서 해? 공고는 누가 내?", "points back"),
    (VOUCHER_TURN, "그럼 데이터바우처 구매 유형은 얼마였어요?", "points back"),
    (SAFE_ZONE_TURN, "Is it free for pre-founders?", "points back"),
    (SAFE_ZONE_TURN, "Never mind that, how many are there?", "points back"),
    (SAFE_ZONE_TURN, "OK, and who runs it?", "points back"),
    # a pronoun after a topic the turn names itself refers to that topic
    (VOUCHER_TURN, "What is the Data Youth Campus? Is it a school?", ""),
    (VOUCHER_TURN, "가명정보 결합은 누가 해요? 그거 신청은 어디서 해요?", ""),
    (SAFE_ZONE_TURN, "Who runs the Data Store, and is it free?", ""),
    (SAFE_ZONE_TURN, "Is the data safe zone free, and who runs it?", "points back"),
    # ... but not a topic a statement about the asker names before the pointing word
    (VOUCHER_TURN, "ok our ceo is 31. apart from the quota, what did that get us?", "points back"),
    (VOUCHER_TURN, "We talked to our CEO. What does that mean for us?", "points back"),
]


@pytest.mark.parametrize("history, question, reason", IN_CONVERSATION)
def test_a_turn_that_moves_on_in_its_asking_clause_stands_alone(history, question, reason):
    assert dependence(question, history, GLOSSARY) == reason
    assert resolve(question, history, glossary=GLOSSARY).followup == bool(reason)


def test_the_conversations_year_stays_when_later_turns_name_none():
    history = [Turn("What was the 2022 data voucher budget?", "1,241억 원 [1]"),
               Turn("How many applications came in?", "10,466건 [1]")]
    out = resolve("so what was the competition ratio that year?", history)
    assert out.followup and "2022" in out.text
    assert "2022" not in resolve("and in 2021?", history).text


@pytest.mark.parametrize(("question", "previous", "year", "left"), [
    ("too big for us. how many general processing slots were there that year?",
     "whats the max for a 2023 AI processing voucher?", "2023", "max"),
    ("너무 크네요. 그 해 일반가공은 몇 개였어요?", "2023년 AI 가공 바우처 최대 얼마예요?", "2023년",
     "최대"),
    ("그 다음 해 구매 유형은 몇 개였어요?", "2021년 AI 가공 바우처는 몇 개였나요?", "2022년", "AI"),
])
def test_a_turn_pointing_back_by_time_alone_asks_its_own_topic_in_that_year(
        question, previous, year, left):
    out = resolve(question, [Turn(previous, "… [1]")], glossary=GLOSSARY)
    assert out.followup and out.text.endswith(year) and left not in out.text


def test_a_topic_named_before_that_year_does_not_move_the_turn_on():
    history = [Turn("whats the max for a 2023 AI processing voucher?", "… [1]")]
    question = "how many general processing slots were there that year?"
    assert dependence(question, history, GLOSSARY) == "points back"


def test_lean_reads_a_turn_in_the_conversations_frame_unless_it_changes_the_subject():
    history = [Turn("데이터 청년 캠퍼스는 누가 운영해요?", "… [1]")]
    out = lean("취업률은 얼마나 돼요?", history)
    assert out is not None and out.followup and out.reason == WEAK_ALONE
    assert out.text.startswith("취업률은 얼마나 돼요?") and "캠퍼스" in out.text
    assert lean("Unrelated: what is a data safe zone?", history) is None
    assert lean("취업률은 얼마나 돼요?", []) is None


def test_year_followup_replaces_the_year_and_keeps_the_topic():
    out = resolve("그럼 2021년은요?", HISTORY)
    assert out.followup and "2021년" in out.text and "2023년" not in out.text
    assert "데이터바우처" in out.text


def test_restatement_reuses_the_previous_question_for_a_new_audience():
    history = [Turn("데이터바우처 신청 자격이 어떻게 되나요?", "… [1]")]
    out = resolve("같은 내용으로 회신 초안 써줘", history)
    assert out == Resolved("데이터바우처 신청 자격이 어떻게 되나요?", True,
                           "restates the previous answer", "…")


def test_restatement_of_a_followup_resolves_the_chain():
    history = [Turn("2023년 데이터바우처 AI 가공 지원 금액은 얼마인가요?", "… [1]"),
               Turn("그럼 2022년은요?", "… [1]")]
    out = resolve("Please draft a reply with the same content", history)
    assert out.followup and "2022년" in out.text and "데이터바우처" in out.text


def test_that_agency_carries_the_name_from_the_previous_answer():
    history = [Turn("Who runs the data voucher program?",
                    "The program is run by the Korea Data Industry Promotion Agency (K-DATA). [1]")]
    out = resolve("When was that agency founded?", history)
    assert out.followup and "K-DATA" in out.text


def test_a_follow_up_of_a_follow_up_carries_the_name_the_conversation_is_about():
    history = [Turn("Where is the Solbit science park being built?",
                    "It is being built in the north district. [1]"),
               Turn("When did construction start?", "Work started in March 2021. [1]")]
    out = resolve("and how big is the lab there?", history)
    assert out.followup and "Solbit" in out.text and "construction" in out.text


def test_the_item_an_ordinal_points_at_is_carried_first():
    history = [Turn("센터에서 뭘 지원해요?", SERVICES)]
    assert listed(SERVICES) == ["창업 상담", "장비 대여", "교육 과정"]
    question = "그 중에 마지막 거는 누가 들을 수 있어요?"
    out = resolve(question, history)
    assert out.followup and out.text.startswith(f"{question} 교육 과정")


def test_it_after_asking_what_a_thing_is_carries_the_thing_the_answer_named():
    """"그거 누가 운영해요?" after "기업 키워주는 건 뭐예요?": "그거" is the service the answer
    named, not only the words the earlier question used."""
    history = [Turn("동아리 중에 사진 찍는 건 뭐예요?", "사진 동아리 빛누리로, 매주 모입니다.")]
    out = resolve("그거 누가 운영해요?", history)
    assert out.followup and out.text.startswith("그거 누가 운영해요? 사진 동아리 빛누리")


def test_an_ordinal_points_back_even_in_a_turn_that_names_a_topic():
    """"what does the third one do in the center?" names the center, but "the third one" is an
    item of the previous answer: the turn is a follow-up that carries that item."""
    history = [Turn("Which groups run the library?",
                    "Three groups: the city, the university and the reading club.")]
    out = resolve("ok and what does the third one actually do in the library?", history)
    assert out.followup and "the reading club" in out.text
    assert dependence("What is the first step of the application?") == ""


@pytest.mark.parametrize(("question", "previous", "standalone"), [
    ("2019?", "How many purchase-type vouchers were there in 2022?",
     "How many purchase-type vouchers were there in 2019?"),
    ("and in 2020?", "What was the budget in 2022?", "What was the budget in 2020?"),
    ("그럼 2021년은요?", "2022년 바우처 예산은 얼마였나요?", "2021년 바우처 예산은 얼마였나요?"),
    ("21년은?", "바우처 예산은 얼마였나요?", "바우처 예산은 얼마였나요? 2021년"),
    ("20년도는요?", "2022년 바우처 경쟁률은 몇 대 1이었어요?",
     "2020년 바우처 경쟁률은 몇 대 1이었어요?"),
    # after "when …?" naming no year, a year asks what that year brought to the same topic
    ("2016년은요?", "한국데이터산업진흥원은 언제 처음 생겼어요?", "한국데이터산업진흥원 2016년"),
    ("and 2016?", "When was the library founded?", "library founded 2016"),
    ("2009년은요?", "K-DATA는 언제 생겼어요?", "k-data 2009년"),  # the name whole, not "data"
])
def test_a_turn_naming_only_a_year_asks_the_previous_question_for_that_year(
        question, previous, standalone):
    out = resolve(question, [Turn(previous, "… [1]")])
    assert out.followup and out.text == standalone


@pytest.mark.parametrize(("question", "previous", "year"), [
    ("그 다음 해엔 예산이 얼마였어요?", "2021년 바우처 예산은 얼마였나요?", "2022년"),
    ("이듬해 선정 규모는요?", "2021년 바우처 예산은 얼마였나요?", "2022년"),
    ("그럼 그 전 해에는 몇 개였어요?", "2021년 바우처는 몇 개였나요?", "2020년"),
    ("and the year after?", "What was the voucher budget in 2021?", "2022"),
    ("what about the previous year, how many were there?",
     "How many vouchers were there in 2021?", "2020"),
])
def test_a_year_named_relative_to_the_conversations_is_counted_from_it(question, previous, year):
    out = resolve(question, [Turn(previous, "… [1]")])
    assert out.followup and year in out.text and "2021" not in out.text


def test_a_relative_year_word_in_another_sense_names_no_year():
    out = resolve("전년 대비 얼마나 늘었어요?", [Turn("2021년 바우처 예산은 얼마였나요?", "… [1]")])
    assert "2020" not in out.text  # "전년 대비" compares; it is not "전 해"



def test_the_program_asked_about_is_carried_not_the_agency_the_answer_named():
    history = [Turn("Who runs the data voucher program?",
                    "The data voucher program is run by the Korea Data Industry Promotion Agency "
                    "(K-DATA).")]
    standalone = resolve("And which article is the program based on?", history).text
    assert "voucher" in standalone and "K-DATA" not in standalone


@pytest.mark.parametrize("question, history, kept, dropped", [
    # the turn asks its own kind of fact: the topic and the year carry, the attribute asked
    # before and its question word do not
    ("and how competitive was it?",
     [Turn("What was the total 2023 data voucher budget?", "89.4 billion KRW [1]")],
     ["2023", "data voucher"], ["budget"]),
    ("그럼 지원 건수는 몇 개였어요?",
     [Turn("2023년 데이터바우처 총예산 얼마였어요?", "894억 원 [1]")],
     ["2023년", "데이터바우처"], ["예산", "얼마"]),
    # ... a turn that asks nothing of its own asks what was asked before, of another thing
    ("그럼 구매 유형은요?", [Turn("2023년 데이터바우처 총예산 얼마였어요?", "894억 원 [1]")],
     ["2023년", "데이터바우처", "예산"], []),
])
def test_a_follow_up_asking_its_own_kind_of_fact_does_not_carry_the_one_asked_before(
        question, history, kept, dropped):
    text = resolve(question, history, glossary=GLOSSARY).text
    assert all(k in text for k in kept) and not any(d in text for d in dropped)
