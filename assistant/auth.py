"""Admin authentication: one password from settings, compared in constant time, with failed
attempts limited per client (a sliding window), for the UI login and API bearer tokens alike.

A browser that logged in through the UI also gets an admin session cookie, for the routes
Gradio serves itself (its upload route): the UI login issues a one-time ticket, the page trades
it at `POST /api/admin/session` for an HttpOnly cookie naming a random session id."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from assistant.i18n import UserInputError
from ingest.errors import AssistantError


class AdminAuth:
    """Checks the admin password; too many failures from one client block it for a while."""

    def __init__(self, password: str, *, enabled: bool, attempts: int = 5,
                 window_s: float = 300.0, session_s: float = 8 * 3600.0) -> None:
        if enabled and not password:
            raise AssistantError(
                "the admin area is enabled (ASSISTANT_ADMIN_ENABLED=true) but no password is "
                "set: set ASSISTANT_ADMIN_PASSWORD to a strong password, or turn the admin "
                "area off; there is no default password")
        self.enabled = enabled
        self._password = password.encode("utf-8")
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self.session_s = session_s
        self._tickets: dict[str, float] = {}  # one-time ticket -> expiry
        self._sessions: dict[str, float] = {}  # session id -> expiry

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def check(self, password: str | None, client: str) -> None:
        """Pass, or raise UserInputError: admin off (403), blocked (429), wrong (401)."""
        if not self.enabled:
            raise UserInputError("admin_disabled", status=403)
        now = time.monotonic()
        with self._lock:
            failures = self._recent(client, now)
            if len(failures) >= self.attempts:
                wait = int(failures[0] + self.window_s - now) + 1
                raise UserInputError("login_blocked", status=429, seconds=wait)
            if not password:  # no attempt: not counted as a failed login
                raise UserInputError("admin_required", status=401)
            if hmac.compare_digest(password.encode("utf-8"), self._password):
                failures.clear()
                return
            failures.append(now)
        raise UserInputError("login_failed", status=401)

    def issue_ticket(self, valid_s: float = 120.0) -> str:
        """A one-time ticket for a browser that has just logged in (after `check` passed)."""
        ticket = secrets.token_urlsafe(32)
        with self._lock:
            self._expire(time.monotonic())
            self._tickets[ticket] = time.monotonic() + valid_s
        return ticket

    def open_session(self, ticket: str) -> str | None:
        """Trade a valid, unused ticket for a new session id (None when it is not valid)."""
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            if not ticket or self._tickets.pop(ticket, 0.0) <= now:
                return None
            session = secrets.token_urlsafe(32)
            self._sessions[session] = now + self.session_s
        return session

    def session_ok(self, session: str | None) -> bool:
        """Whether `session` is a live admin session id."""
        if not self.enabled or not session:
            return False
        with self._lock:
            return self._sessions.get(session, 0.0) > time.monotonic()

    def _expire(self, now: float) -> None:
        for table in (self._tickets, self._sessions):
            for key in [k for k, until in table.items() if until <= now]:
                del table[key]
