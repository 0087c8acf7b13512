"""assistant/requests.py: an English request's verb, thing and owner; questions are no requests
(cases written for these rules, not golden items)."""

import pytest

from assistant.requests import addressed_verbs, refers_back, requested, telling


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


@pytest.mark.parametrize("text, verb", [
    ("Can you explain how entry works?", "explain"),
    ("could you please just tell me the hours", "tell"),
    ("Show the room rules.", "show"),
    ("The lounge is new — please explain it.", "explain"),
])
def test_a_verb_of_telling_addressed_to_the_assistant_is_found(text, verb):
    assert telling(text)
    assert {text[at:at + len(verb)].lower() for at in addressed_verbs(text)} == {verb}


@pytest.mark.parametrize("text", [
    "Which rules state the fee?",  # a verb of telling, not addressed to the assistant
    "State subsidies for data companies: who gives them?",  # first, but before a noun
    "Can you book the lab for me?",  # addressed, but no verb of telling
    "I can explain it to my boss myself.",
])
def test_other_sentences_ask_nothing_to_be_told(text):
    assert not telling(text) and not addressed_verbs(text)


@pytest.mark.parametrize("text, back", [
    ("Could you explain that in plain words?", True),
    ("Can you tell me about it?", True),
    ("Please explain this.", True),
    ("Can you explain the voucher rules?", False),
    ("Can you book it for me?", False),  # a pronoun, but no verb of telling
])
def test_a_request_to_tell_about_a_pronoun_refers_back(text, back):
    assert refers_back(text) is back
