"""Interface text: every key in Korean and English, user errors translated at the edge."""

import pytest

from assistant.i18n import TEXT, UserInputError, t, user_message
from ingest.errors import AssistantError


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_text_has_korean_and_english(key):
    ko, en = TEXT[key]
    assert ko.strip() and en.strip() and ko != en
    assert any("\uac00" <= ch <= "\ud7a3" for ch in ko)


def test_parameters_are_filled_in_both_languages():
    assert t("question_too_long", "ko", length=2500, limit=2000) == (
        "질문이 너무 깁니다 (2,500자). 2,000자 이내로 줄여 다시 보내 주세요.")
    assert "2,000 characters" in t("question_too_long", "en", length=2500, limit=2000)
    assert t("question_empty", "fr") == t("question_empty", "ko")  # unknown → Korean


def test_user_input_error_carries_key_status_and_both_languages():
    exc = UserInputError("upload_size", status=413, name="a.pdf", size_mb=30.0, limit_mb=25)
    assert exc.status == 413 and exc.key == "upload_size"
    assert "30.0 MB" in str(exc) and "25 MB" in str(exc)  # English in logs
    assert "너무 큽니다" in exc.message("ko") and user_message(exc, "en") == str(exc)
    assert UserInputError("question_empty").status == 400
    assert user_message(AssistantError("plain message"), "ko") == "plain message"
