"""Interface text in Korean and English: labels, notices and user errors, by key.

Errors are raised with a key (`UserInputError("question_empty")`) and translated at the edge
(UI, REST, CLI) into the user's language, so the core never formats text for one surface.
"""

from __future__ import annotations

from ingest.errors import AssistantError, IndexUnavailableError

LANGUAGES = ("ko", "en")

TEXT: dict[str, tuple[str, str]] = {
    # errors and notices (key: (Korean, English))
    "question_empty": (
        "질문이 비어 있습니다. 한국어나 영어로 질문을 입력해 주세요.",
        "The question is empty: type a question in Korean or English.",
    ),
    "question_too_long": (
        "질문이 너무 깁니다 ({length:,}자). {limit:,}자 이내로 줄여 다시 보내 주세요.",
        "The question is too long ({length:,} characters). Shorten it to {limit:,} "
        "characters and send it again.",
    ),
    "question_symbols": (
        "질문을 이해하지 못했습니다. 한국어나 영어 문장으로 물어봐 주세요.",
        "I could not read a question there. Please ask in Korean or English words.",
    ),
    "audience_unknown": (
        "알 수 없는 대상 '{given}': startup, citizen, staff 중 하나를 고르세요.",
        "Unknown audience '{given}': use startup, citizen or staff.",
    ),
    "login_failed": ("관리자 비밀번호가 맞지 않습니다.", "The admin password is not correct."),
    "login_blocked": (
        "로그인 실패가 너무 많습니다. {seconds}초 뒤에 다시 시도해 주세요.",
        "Too many failed logins. Try again in {seconds} seconds.",
    ),
    "admin_required": (
        "관리자만 사용할 수 있습니다. 관리자 비밀번호로 로그인해 주세요.",
        "Admins only: log in with the admin password.",
    ),
    "admin_disabled": (
        "관리자 기능이 꺼져 있습니다 (ASSISTANT_ADMIN_ENABLED=true로 켭니다).",
        "The admin area is off (turn it on with ASSISTANT_ADMIN_ENABLED=true).",
    ),
    "upload_type": (
        "'{name}': 지원하지 않는 파일 형식입니다. {allowed} 파일만 올릴 수 있습니다.",
        "'{name}': this file type is not supported. Upload one of {allowed}.",
    ),
    "upload_size": (
        "'{name}': 파일이 너무 큽니다 ({size_mb:.1f} MB). {limit_mb:g} MB 이하만 올릴 수 있습니다.",
        "'{name}': the file is too large ({size_mb:.1f} MB); the limit is {limit_mb:g} MB.",
    ),
    "upload_empty": ("'{name}': 빈 파일입니다.", "'{name}': the file is empty."),
    "upload_none": ("올릴 파일을 선택해 주세요.", "Choose a file to upload."),
    "document_unknown": (
        "'{doc_id}' 문서를 찾을 수 없습니다. 문서 목록을 새로 고쳐 주세요.",
        "No document '{doc_id}': refresh the document list.",
    ),
    "job_unknown": ("작업 '{job_id}'을 찾을 수 없습니다.", "No job '{job_id}'."),
    "ingest_busy": (
        "다른 색인 작업이 진행 중입니다. 끝난 뒤 다시 시도해 주세요.",
        "Another re-index is running: try again when it has finished.",
    ),
    "feedback_rating": ("평가는 👍 또는 👎 이어야 합니다.", "The rating must be 👍 or 👎."),
    "nothing_to_draft": (
        "초안으로 만들 답변이 없습니다. 먼저 질문하거나 문의 내용을 붙여 넣어 주세요.",
        "There is no answer to draft yet: ask a question or paste an inquiry first.",
    ),
    "index_unavailable": (
        "지식 베이스를 지금 사용할 수 없습니다. 잠시 뒤 다시 시도해 주세요.",
        "The knowledge base is unavailable right now. Please try again shortly.",
    ),
    "index_building": (
        "문서를 색인하는 중입니다 ({percent}%). 잠시 뒤 다시 질문해 주세요.",
        "The documents are being indexed ({percent}%). Please ask again in a moment.",
    ),
    "notice_indexing": (
        "문서를 색인하는 중입니다 ({percent}%): 아직 색인되지 않은 문서는 이 답에 빠져 있을 수 "
        "있습니다.",
        "The documents are still being indexed ({percent}%): documents not indexed yet may be "
        "missing from this answer.",
    ),
    "rate_limited": (
        "질문이 너무 잦습니다. {seconds}초 뒤에 다시 시도해 주세요.",
        "Too many questions from this client: try again in {seconds} seconds.",
    ),
    "busy": (
        "지금 질문이 많아 답할 수 없습니다. 잠시 뒤 다시 시도해 주세요.",
        "The assistant is busy right now: please try again in a moment.",
    ),
    "timeout": (
        "답변이 {seconds}초 안에 끝나지 않았습니다. 질문을 줄이거나 잠시 뒤 다시 시도해 주세요.",
        "The answer took longer than {seconds} seconds: shorten the question or try again.",
    ),
    "internal": (
        "처리하는 중에 문제가 생겼습니다. 잠시 뒤 다시 시도해 주세요.",
        "Something went wrong while answering. Please try again shortly.",
    ),
}


def t(key: str, language: str = "ko", **params) -> str:
    """The text for `key` in `language` (Korean when the language is unknown)."""
    ko, en = TEXT[key]
    template = en if language == "en" else ko
    return template.format(**params) if params else template


class UserInputError(AssistantError):
    """Bad input from a user: carries a key and parameters, translated at the edge."""

    status = 400

    def __init__(self, key: str, status: int | None = None, **params) -> None:
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params
        if status is not None:
            self.status = status

    def message(self, language: str = "ko") -> str:
        """The error in the user's language."""
        return t(self.key, language, **self.params)


def user_message(exc: AssistantError, language: str = "ko") -> str:
    """What the user sees for a domain error, in their language when the error has a key."""
    if isinstance(exc, UserInputError):
        return exc.message(language)
    if isinstance(exc, IndexUnavailableError):  # the knowledge base is down: say so plainly
        return t("index_unavailable", language)
    return str(exc)
