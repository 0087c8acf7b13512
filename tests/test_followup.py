from assistant.followup import key_terms, looks_referential, make_standalone
from assistant.models import Turn
from tests.fakes import FakeChatModel

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


def test_key_terms_and_referential_check():
    assert "제28조의3" in key_terms("What does Article 28-3 say?")
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
