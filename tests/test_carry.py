"""`assistant.carry`: the key terms a follow-up takes from the questions before it (the whole
carry-over, through `resolve`, is tested in tests/test_followup.py)."""

from assistant.carry import key_terms


def test_key_terms():
    assert "제28조의3" in key_terms("What does Article 28-3 say?")
    # a long English name is one term, so it leaves room for the words carried after it
    assert key_terms("When did the Pohang Big Data AI Innovation Center open?") == [
        "Pohang Big Data AI Innovation Center", "open"]
    assert key_terms("Does Pohang Technopark or POSTECH run it?")[:2] == [
        "Pohang Technopark", "POSTECH"]


def test_key_terms_keep_hyphenated_words():
    assert "purchase-type" in key_terms("How many purchase-type vouchers were there?")
