"""assistant/subquestions.py: where one question of a turn ends and the next begins, in both
languages (cases written for these rules, not golden items)."""

import pytest

from assistant.question import analyse
from assistant.subquestions import marked_questions, sub_questions, with_topic


@pytest.mark.parametrize("question, pieces", [
    ("참가비가 얼마였고, 신청할 때 뭘 내야 하는지 알려주세요",
     ["참가비가 얼마였", "신청할 때 뭘 내야 하는지 알려주세요"]),
    ("강좌는 몇 개고 언제 시작해요?", ["강좌는 몇 개", "언제 시작해요?"]),
    # a quotative 라고 / 다고 joins no clauses: "뭐라고 돼 있고" is one
    ("도서관법 목적이 뭐라고 돼 있고, 언제부터 시행돼요?",
     ["도서관법 목적이 뭐라고 돼 있", "언제부터 시행돼요?"]),
    # a quoted question ("…냐고", "…냐며") is what someone asked, not a question of its own
    ("동생이 분석실이 어디냐고 물어봐서요, 몇 시까지 여는지 알려주세요",
     ["동생이 분석실이 어디냐고 물어봐서요, 몇 시까지 여는지 알려주세요"]),
    ("손님이 주차가 되냐며 전화했는데 주차 요금은 얼마예요?",
     ["손님이 주차가 되냐며 전화했는데 주차 요금은 얼마예요?"]),
    ("도서관은 어디 있어요? 그리고 몇 시까지 해요?", ["도서관은 어디 있어요?", "몇 시까지 해요?"]),
    ("When does the course start, and how much does it cost?",
     ["When does the course start", "how much does it cost?"]),
    ("Where is the library? When does it open?", ["Where is the library?", "When does it open?"]),
    # a question word after a preposition still starts a question of its own
    ("When was it founded, and since when has it run the store?",
     ["When was it founded", "since when has it run the store?"]),
    ("Is it free, and for how long can I use it?", ["Is it free", "for how long can I use it?"]),
    ("What is the fee and in which building is the room?",
     ["What is the fee", "in which building is the room?"]),
    ("Who runs it and by when must I apply?", ["Who runs it", "by when must I apply?"]),
    ("Can I apply and with what documents?", ["Can I apply", "with what documents?"]),
    ("When did it open, and roughly how many came?",
     ["When did it open", "roughly how many came?"]),  # an adverb before the question word
    # a Korean request asks as a question does ("…알려주세요", loosely "…주세여")
    ("강의실은 뭔 용도예요? 그리고 예약 방법도 알려주세여",
     ["강의실은 뭔 용도예요?", "예약 방법도 알려주세여"]),
    ("분석실은 언제 열어요? 교육 과정도 정리해 줘",
     ["분석실은 언제 열어요?", "교육 과정도 정리해 줘"]),
    # one question: a clause that asks nothing is not a question of its own
    ("신청하고 싶은데 자격이 뭐예요?", ["신청하고 싶은데 자격이 뭐예요?"]),
    ("분석실은 언제 열어요? 꼭 가 보고 싶네요", ["분석실은 언제 열어요?"]),
    # a sentence about the asker's plan names a year without asking one
    ("2024년 바우처는 몇 개였어요? 연도별로 비교해 보려고요", ["2024년 바우처는 몇 개였어요?"]),
    ("강좌는 언제 시작해요? 다음 달 일정에 맞추려구요", ["강좌는 언제 시작해요?"]),
    ("I want to apply and what is the deadline?", ["I want to apply and what is the deadline?"]),
    ("Can students and teachers both join?", ["Can students and teachers both join?"]),
])
def test_questions_asked_in_a_row(question, pieces):
    assert sub_questions(question) == pieces
    assert analyse(question).parts == len(pieces) or len(pieces) == 1


@pytest.mark.parametrize("pieces, searched", [
    # a piece of one content word or none asks about what the one before names
    (["Can I leave my kid in the childcare space?", "What are the rules?"],
     ["Can I leave my kid in the childcare space?",
      "leave kid childcare space What are the rules?"]),
    (["도서관은 어디 있어요?", "몇 시까지 해요?"],
     ["도서관은 어디 있어요?", "도서관 몇 시까지 해요?"]),
    # ... without the words that ask a kind of fact of their own
    (["참가비 금액은 얼마였", "뭘 내야 하나요?"],
     ["참가비 금액은 얼마였", "참가비 뭘 내야 하나요?"]),
    # a piece with words of its own keeps them alone; one piece is left as it is
    (["When does the course start", "how much does the workshop cost?"],
     ["When does the course start", "how much does the workshop cost?"]),
    (["What are the rules?"], ["What are the rules?"]),
])
def test_a_piece_without_words_of_its_own_is_searched_with_the_one_before(pieces, searched):
    assert with_topic(pieces) == searched


@pytest.mark.parametrize("text, marked", [
    # a yes/no question has no question word, yet its question mark says it asks
    ("혁신센터에 주차할 데 있어요? 주차비는 얼마예요?",
     ["혁신센터에 주차할 데 있어요?", "주차비는 얼마예요?"]),
    ("Is shredding ok?? What does the law say?", ["Is shredding ok??", "What does the law say?"]),
    # a sentence without one is not among them
    ("분석실은 언제 열어요? 꼭 가 보고 싶네요", ["분석실은 언제 열어요?"]),
    ("분석실 몇 시까지 해요", []),
])
def test_the_sentences_ending_in_a_question_mark(text, marked):
    assert marked_questions(text) == marked
