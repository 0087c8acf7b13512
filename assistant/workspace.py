"""The one core behind the chat, the staff desk, the admin tabs and the REST API.

It wraps `Assistant.ask` (the same call as `assistant ask`) with what a served app adds: the
query log, feedback, conversations, staff drafts, documents, re-index jobs and insights.
Logging never breaks an answer: when the store cannot be written (read-only or full disk), the
answer is still returned and a warning is logged.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from assistant.documents import Catalogue
from assistant.i18n import UserInputError, t
from assistant.limits import AnswerGate, RateLimiter
from assistant.models import Answer, Turn, answer_json
from assistant.privacy import mask
from assistant.retrieval import Filters
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import Store
from ingest.errors import AssistantError, IndexMissingError

log = logging.getLogger(__name__)
_PIECE = re.compile(r"\S+\s*|\s+")


def pieces(text: str, size: int = 3) -> Iterator[str]:
    """The text in small pieces (a few words each), as a stream sends them."""
    words = _PIECE.findall(text)
    for i in range(0, len(words), size):
        yield "".join(words[i:i + size])


class Workspace:
    """Everything the app's surfaces do, over one Assistant, Store and Catalogue."""

    def __init__(self, settings: Settings, assistant: Assistant, store: Store,
                 catalogue: Catalogue) -> None:
        self.settings = settings
        self.assistant = assistant
        self.store = store
        self.catalogue = catalogue
        self._ingest_lock = threading.Lock()
        self._building: str | None = None  # the job of a first build, while it runs
        self.rate = RateLimiter(settings.rate_per_minute, settings.rate_burst)
        self.gate = AnswerGate(settings.answer_workers, settings.answer_queue,
                               settings.request_timeout_s)

    # --- answers -------------------------------------------------------------------------
    def ask(self, question: str, *, audience: str = "startup", history: Sequence[Turn] = (),
            composer: str = "extractive", category: str = "", conversation_id: str = "",
            source: str = "ui", client: str = "") -> tuple[Answer, int | None]:
        """Answer as `assistant ask` does, log it, and return it with its query-log id.

        The client's rate limit and the question are checked before any work; the answer is
        computed in the bounded pool (429 / 503 / 504 as clear errors)."""
        from assistant.inputs import check_question

        if client:  # first: a flood of bad questions is limited too
            self.rate.check(client)
        check_question(question, self.settings.max_question_chars)
        start = time.perf_counter()
        filters = Filters(category=category) if category else None
        building = self.indexing()
        try:
            answer = self.gate.run(lambda: self.assistant.ask(
                question, audience=audience, history=list(history), composer=composer,
                filters=filters))
        except IndexMissingError:
            if building is None:
                raise
            raise UserInputError("index_building", status=503,
                                 percent=building["percent"]) from None
        if building is not None:  # answered from the part indexed so far
            answer.notices.append(t("notice_indexing", answer.language,
                                    percent=building["percent"]))
        latency = (time.perf_counter() - start) * 1000
        return answer, self._log(answer, latency, conversation_id, source)

    def stream(self, question: str, **kwargs) -> Iterator[tuple[str, Any]]:
        """("delta", text) pieces of the answer, then ("answer", (Answer, query_id)).

        The extractive answer is verified whole before its first piece is sent, so a
        sentence that fails the check is never shown and then taken back."""
        answer, query_id = self.ask(question, **kwargs)
        for piece in pieces(answer.text):
            yield "delta", piece
        yield "answer", (answer, query_id)

    def _log(self, answer: Answer, latency_ms: float, conversation_id: str,
             source: str) -> int | None:
        trace = answer.trace
        chunk_ids = [c.chunk_id for c in answer.citations if c.chunk_id]
        try:
            return self.store.log_query(
                question=mask(answer.question), audience=answer.audience,
                language=answer.language,
                refused=answer.refused, decision=trace.decision, reason=trace.reason,
                chunk_ids=chunk_ids, doc_ids=sorted({c.doc_id for c in answer.citations}),
                latency_ms=latency_ms, conversation_id=conversation_id, source=source)
        except (sqlite3.Error, OSError) as exc:
            log.warning("query log not written (%s): the answer is still served", exc)
            return None

    def feedback(self, *, rating: int, comment: str = "", query_id: int | None = None,
                 question: str = "", answer: str = "") -> int:
        """Store 👍 (+1) or 👎 (-1) with an optional comment."""
        if rating not in (1, -1):
            raise UserInputError("feedback_rating")
        return self.store.add_feedback(rating=rating, comment=mask(comment.strip()),
                                       query_id=query_id, question=mask(question),
                                       answer=mask(answer))

    def comment(self, feedback_id: int, comment: str) -> None:
        """Attach a comment to a stored 👍/👎 (personal data masked)."""
        self.store.comment_feedback(feedback_id, mask(comment.strip()))

    def purge_old(self) -> int:
        """Delete query logs and feedback older than the retention setting."""
        cutoff = time.time() - self.settings.log_retention_days * 86400
        try:
            return self.store.delete_older_than(cutoff)
        except (sqlite3.Error, OSError) as exc:
            log.warning("old logs not deleted (%s)", exc)
            return 0

    # --- staff drafts --------------------------------------------------------------------
    def draft(self, text: str, *, history: Sequence[Turn] = (), composer: str = "extractive",
              client: str = "") -> tuple[Any, Answer]:
        """A formal reply draft for a question or a pasted inquiry e-mail."""
        from assistant.drafts import inquiry_question, make_draft

        question = inquiry_question(text) if text.strip() else ""
        if not question.strip():
            raise UserInputError("nothing_to_draft")
        answer, _ = self.ask(question, audience="staff", history=history, composer=composer,
                             source="desk", client=client)
        return make_draft(answer, inquiry=text), answer

    # --- documents and re-index ----------------------------------------------------------
    def indexing(self) -> dict[str, Any] | None:
        """The first build's progress while it runs (`percent`, `message`), else None."""
        job_id = self._building
        job = self.store.job(job_id) if job_id else None
        if not job or job["status"] in ("done", "failed"):
            return None
        return {"job_id": job_id, "percent": int(100 * (job.get("progress") or 0.0)),
                "message": job.get("message") or ""}

    def start_ingest(self, first_build: bool = False) -> str:
        """Start a re-index of the corpus in the background; return the job id. A first build
        publishes the index in steps, so questions are answered from part of the corpus
        while the rest is embedded."""
        if not self._ingest_lock.acquire(blocking=False):
            raise UserInputError("ingest_busy", status=409)
        try:
            job_id = self.store.create_job("ingest")
        except BaseException:
            self._ingest_lock.release()
            raise
        if first_build:
            self._building = job_id
        threading.Thread(target=self._ingest, args=(job_id, first_build),
                         name=f"ingest-{job_id[:8]}", daemon=True).start()
        return job_id

    def _ingest(self, job_id: str, first_build: bool = False) -> None:
        from assistant.ingest_cli import make_ingestor

        def progress(stage: str, done: int, total: int) -> None:
            share = {"load": (0.0, 0.25), "embed": (0.25, 0.5),
                     "sentences": (0.75, 0.22)}.get(stage, (0.97, 0.03))
            fraction = share[0] + share[1] * (done / total if total else 1.0)
            self.store.update_job(job_id, progress=round(fraction, 3),
                                  message=f"{stage} {done}/{total}")

        status: dict[str, Any] = {}
        try:
            self.store.update_job(job_id, status="running", progress=0.0)
            ingestor = make_ingestor(self.settings, self.assistant.embedder,
                                     self.settings.build_publish_s if first_build else 0.0)
            report = ingestor.run(progress=progress)
            self.assistant.reader.refresh()
            status = dict(status="done", progress=1.0, result=report.to_json(),
                          message=f"{report.chunks} chunks, {len(report.failed)} failed")
        except AssistantError as exc:
            status = dict(status="failed", message=str(exc))
        except Exception as exc:  # a bug must end the job, not leave it running for ever
            log.exception("ingest job %s failed", job_id)
            status = dict(status="failed", message=f"internal error: {exc}")
        finally:
            self._ingest_lock.release()  # before "done": a caller that saw it may start again
            self.store.update_job(job_id, **status)

    def job(self, job_id: str) -> dict[str, Any]:
        """A job's status, progress and result."""
        job = self.store.job(job_id)
        if job is None:
            raise UserInputError("job_unknown", status=404, job_id=job_id[:64])
        return job

    def documents(self) -> list[dict[str, Any]]:
        """Indexed documents with chunk counts and time, plus files the last re-index could
        not read (with their errors)."""
        docs = [doc.to_json() | {"error": ""} for doc in self.catalogue.documents()]
        last = self.store.last_job("ingest")
        for failure in ((last or {}).get("result") or {}).get("failed", []):
            docs.append({"doc_id": "", "title": failure.get("path", ""), "source":
                         failure.get("path", ""), "format": "", "chunks": 0, "size": 0,
                         "indexed_at": 0, "url": "", "category": "", "language": "",
                         "error": failure.get("error", "")})
        return docs

    def insights(self) -> dict[str, Any]:
        """What the corpus is missing, latency over time, most cited documents."""
        from assistant.insights import insights

        return insights(self.store)

    def ready(self) -> dict[str, Any]:
        """Readiness: the index opens, the embedder embeds, Chroma answers."""
        reader = self.assistant.reader
        building = self.indexing()
        try:
            reader.refresh()
        except IndexMissingError:
            if building is None:
                raise
            raise UserInputError("index_building", status=503,
                                 percent=building["percent"]) from None
        count = reader.count()
        self.assistant.embedder.embed_query("ready")
        return {"generation": reader.generation, "chunks": count,
                "indexing": building}


def answer_payload(answer: Answer, query_id: int | None) -> dict[str, Any]:
    """The API's answer: the `assistant ask --json` object plus the query-log id."""
    return answer_json(answer) | {"query_id": query_id}
