"""`assistant.inputs.check_question`: what a user sends is checked before any work is done."""

import pytest

from assistant.i18n import UserInputError
from assistant.inputs import check_question


@pytest.mark.parametrize(("question", "expected"), [
    ("  센터는 언제 열었나요?  ", "센터는 언제 열었나요?"),
    ("2019?", "2019?"),  # a bare year: a follow-up for that year
    ("2021년은요?", "2021년은요?"),
    ("What about 2022", "What about 2022"),
])
def test_a_question_is_returned_stripped(question, expected):
    assert check_question(question, 100) == expected


@pytest.mark.parametrize(("question", "key"), [
    ("   ", "question_empty"),
    ("?!?! 🙂🙂 ...", "question_symbols"),
    ("12345?", "question_symbols"),  # digits that are no year
    ("질문" * 60, "question_too_long"),
    ("x" * 1000, "question_too_long"),
])
def test_a_bad_question_is_a_user_input_error_with_its_key(question, key):
    with pytest.raises(UserInputError) as caught:
        check_question(question, 100)
    assert caught.value.key == key
