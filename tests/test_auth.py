"""Admin password check: constant-time compare, no default password, failed logins limited per
client within a window (time moved by monkeypatching the clock, never by sleeping)."""

import pytest

from assistant import auth as auth_module
from assistant.auth import AdminAuth
from assistant.i18n import UserInputError
from ingest.errors import AssistantError


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(auth_module.time, "monotonic", lambda: now[0])
    return now


def status(auth: AdminAuth, password, client="1.2.3.4") -> int:
    try:
        auth.check(password, client)
    except UserInputError as exc:
        return exc.status
    return 200


def test_admin_on_without_password_is_refused():
    with pytest.raises(AssistantError, match="no password is set"):
        AdminAuth("", enabled=True)
    AdminAuth("", enabled=False)


def test_right_wrong_missing_and_disabled():
    auth = AdminAuth("pw-123456", enabled=True)
    assert status(auth, "pw-123456") == 200
    assert status(auth, "wrong") == 401
    assert status(auth, None) == 401 and status(auth, "") == 401
    assert status(AdminAuth("", enabled=False), "anything") == 403


def test_failures_block_one_client_for_the_window(clock):
    auth = AdminAuth("pw-123456", enabled=True, attempts=3, window_s=60)
    assert [status(auth, "x") for _ in range(3)] == [401, 401, 401]
    assert status(auth, "pw-123456") == 429  # even the right password waits
    assert status(auth, "pw-123456", client="5.6.7.8") == 200  # other clients are not blocked
    with pytest.raises(UserInputError) as info:
        auth.check("x", "1.2.3.4")
    assert info.value.key == "login_blocked" and info.value.params["seconds"] <= 61
    clock[0] += 61
    assert status(auth, "pw-123456") == 200


def test_missing_token_is_not_a_failed_login(clock):
    auth = AdminAuth("pw-123456", enabled=True, attempts=2, window_s=60)
    assert [status(auth, None) for _ in range(5)] == [401] * 5
    assert status(auth, "pw-123456") == 200


def test_success_clears_earlier_failures(clock):
    auth = AdminAuth("pw-123456", enabled=True, attempts=3, window_s=60)
    status(auth, "x"), status(auth, "x")
    assert status(auth, "pw-123456") == 200
    assert [status(auth, "x") for _ in range(3)] == [401, 401, 401]


def test_a_login_ticket_opens_one_session_once(clock):
    auth = AdminAuth("pw", enabled=True, session_s=100.0)
    ticket = auth.issue_ticket(valid_s=10.0)
    session = auth.open_session(ticket)
    assert session and auth.session_ok(session)
    assert auth.open_session(ticket) is None  # one-time
    assert not auth.session_ok("forged") and not auth.session_ok(None)
    clock[0] += 101.0
    assert not auth.session_ok(session)  # sessions expire


def test_an_expired_or_unknown_ticket_opens_nothing(clock):
    auth = AdminAuth("pw", enabled=True)
    ticket = auth.issue_ticket(valid_s=10.0)
    clock[0] += 11.0
    assert auth.open_session(ticket) is None
    assert auth.open_session("") is None and auth.open_session("made-up") is None
