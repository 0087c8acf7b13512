"""assistant/requests.py: an English request's verb, thing and owner; questions are no requests
(cases written for these rules, not golden items)."""

import pytest

from assistant.requests import requested


@pytest.mark.parametrize("text, verb, thing, owned", [
    ("Write me a poem about the library", "write", "poem", False),
    ("Can you translate my cover letter into French?", "translate", "cover letter", True),
    ("Please proofread our grant proposal before we send it.", "proofread", "grant proposal", True),
    ("Could you draft a reply to the applicant?", "draft", "reply", False),
    ("I'm new here. Can you summarise the opening hours for me?", "summarise", "opening hours",
     False),
    ("Create a table comparing the two budgets", "create", "table", False),
])
def test_a_request_names_its_verb_thing_and_owner(text, verb, thing, owned):
    request = requested(text)
    assert (request.verb, request.thing, request.owned, request.head) == (
        verb, thing, owned, thing.split()[-1])


@pytest.mark.parametrize("text", [
    "What does the library review before lending a rare book?",  # a verb inside a question
    "When does the reading room open?",
    "도서관 안내문 좀 영어로 번역해 주세요",  # Korean: its unknown nouns refuse (refusal.py)
])
def test_questions_that_ask_about_something_are_no_requests(text):
    assert requested(text) is None
