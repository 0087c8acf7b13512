"""The REST API: thin routes over the Workspace; domain errors become 4xx JSON that names the
problem, in the caller's language (Accept-Language: ko by default, en on request)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from assistant.i18n import UserInputError, t, user_message
from assistant.models import Turn
from assistant.workspace import Workspace, answer_payload
from ingest.errors import (
    AssistantError,
    IndexCorruptError,
    IndexMissingError,
    IndexUnavailableError,
)

log = logging.getLogger(__name__)
router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TurnIn(BaseModel):
    """One earlier exchange."""

    question: str
    answer: str = ""


class FiltersIn(BaseModel):
    """Which documents may answer."""

    category: str = ""


class AskIn(BaseModel):
    """`POST /api/ask` body."""

    question: str
    audience: Literal["startup", "citizen", "staff"] = "startup"
    history: list[TurnIn] = Field(default_factory=list)
    composer: Literal["extractive", "llm"] = "extractive"
    filters: FiltersIn = Field(default_factory=FiltersIn)
    conversation_id: str = ""


class DraftIn(BaseModel):
    """`POST /api/drafts` body: a question or a pasted inquiry e-mail; or an edited draft's
    Markdown to export as it is."""

    text: str = ""
    history: list[TurnIn] = Field(default_factory=list)
    composer: Literal["extractive", "llm"] = "extractive"
    markdown: str = ""
    language: Literal["ko", "en"] = "ko"


class FeedbackIn(BaseModel):
    """`POST /api/feedback` body: +1 (👍) or -1 (👎), optional comment."""

    rating: Literal[1, -1]
    comment: str = Field("", max_length=2000)
    query_id: int | None = None
    question: str = ""
    answer: str = ""


def language_of(request: Request) -> str:
    """The caller's language for messages: en when Accept-Language prefers English."""
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "ko"


def workspace(request: Request) -> Workspace:
    """The app's Workspace (built once in `assistant.server`)."""
    return request.app.state.workspace


def admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Require the admin password as a bearer token (failures are rate-limited per client)."""
    token = None
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    request.app.state.auth.check(token, client_of(request))


def _turns(history: list[TurnIn]) -> list[Turn]:
    return [Turn(h.question, h.answer) for h in history]


def error_response(exc: Exception, language: str) -> JSONResponse:
    """A domain or unexpected error as JSON with a fitting status (never a traceback)."""
    if isinstance(exc, UserInputError):
        status, code = exc.status, exc.key
    elif isinstance(exc, IndexMissingError):
        status, code = 503, "index_missing"
    elif isinstance(exc, IndexCorruptError):
        status, code = 503, "index_damaged"
    elif isinstance(exc, IndexUnavailableError):
        status, code = 503, "index_unavailable"
    elif isinstance(exc, AssistantError):
        status, code = 400, "bad_request"
    else:
        status, code = 503, "index_unavailable"
    if isinstance(exc, IndexUnavailableError):
        message = f"{t('index_unavailable', language)} ({exc})"
    elif isinstance(exc, AssistantError):
        message = user_message(exc, language)
    else:
        message = t("index_unavailable", language)
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def attachment(name: str) -> str:
    """A Content-Disposition for a download whose name may be Korean (RFC 6266/5987)."""
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


JSON_BODY = 256 * 1024  # questions are capped at a few thousand characters; history adds some


def client_of(request: Request) -> str:
    """The client's address (the key of its rate limit)."""
    return request.client.host if request.client else "?"


@router.post("/api/ask", max_body_size=JSON_BODY)
def ask(body: AskIn, request: Request, ws: Annotated[Workspace, Depends(workspace)],
        stream: bool = Query(False, description="Server-sent events: delta pieces, then the "
                             "whole answer")) -> Any:
    """Answer a question; the JSON of `assistant ask --json` plus `query_id`."""
    kwargs = dict(audience=body.audience, history=_turns(body.history),
                  composer=body.composer, category=body.filters.category,
                  conversation_id=body.conversation_id, source="api")
    if not stream:
        answer, query_id = ws.ask(body.question, client=client_of(request), **kwargs)
        return answer_payload(answer, query_id)
    from assistant.inputs import check_question

    ws.rate.check(client_of(request))  # 4xx before the stream starts
    check_question(body.question, ws.settings.max_question_chars)
    language = language_of(request)

    def events() -> Iterator[str]:
        try:
            for kind, value in ws.stream(body.question, **kwargs):
                if kind == "delta":
                    yield _sse("delta", {"text": value})
                else:
                    yield _sse("answer", answer_payload(*value))
        except Exception as exc:  # the status line is sent: report the error as an event
            if not isinstance(exc, AssistantError):
                log.exception("streamed answer failed")
            yield _sse("error", json.loads(error_response(exc, language).body))

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})


@router.post("/api/drafts", max_body_size=JSON_BODY)
def drafts(body: DraftIn, request: Request, ws: Annotated[Workspace, Depends(workspace)],
           accept: Annotated[str, Header()] = "application/json") -> Any:
    """A staff reply draft: JSON, or with `Accept` a .docx or Markdown file."""
    from assistant.drafts import draft_filename, draft_markdown, markdown_to_docx

    payload: dict[str, Any] = {}
    if body.markdown.strip():
        markdown, language = body.markdown, body.language
    else:
        draft, answer = ws.draft(body.text, history=_turns(body.history),
                                 composer=body.composer, client=client_of(request))
        markdown, language = draft_markdown(draft), draft.language
        payload = {"draft": draft.to_json(), "markdown": markdown,
                   "answer": answer_payload(answer, None)}
    if DOCX in accept:
        name = draft_filename(body.text or markdown, "docx")
        return Response(markdown_to_docx(markdown, language=language), media_type=DOCX,
                        headers={"Content-Disposition": attachment(name)})
    if "text/markdown" in accept:
        return Response(markdown, media_type="text/markdown; charset=utf-8")
    return payload or {"markdown": markdown}


@router.post("/api/feedback", status_code=201, max_body_size=JSON_BODY)
def feedback(body: FeedbackIn, ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """Store 👍/👎 with an optional comment."""
    return {"id": ws.feedback(rating=body.rating, comment=body.comment,
                              query_id=body.query_id, question=body.question,
                              answer=body.answer)}


@router.get("/api/documents")
def documents(ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """Indexed documents: chunk counts, time indexed, and files that failed with their error."""
    return {"documents": ws.documents()}


@router.get("/api/documents/{doc_id:path}")
def document(doc_id: str, ws: Annotated[Workspace, Depends(workspace)],
             download: bool = False) -> Any:
    """One document's metadata with the address of its file; `?download=true` sends the file."""
    doc = ws.catalogue.document(doc_id)
    path = ws.catalogue.path(doc)
    if download:
        from assistant.documents import MEDIA_TYPES

        return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix.lower()),
                            filename=path.name)
    return doc.to_json() | {"file": f"/api/documents/{doc.doc_id}?download=true",
                            "view": f"/view/{doc.doc_id}"}


@router.get("/view/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def view(doc_id: str, ws: Annotated[Workspace, Depends(workspace)], q: str = "") -> Any:
    """The corpus document itself: Markdown rendered (the quoted sentence marked), PDFs as
    files (the link adds #page=N)."""
    doc = ws.catalogue.document(doc_id)
    path = ws.catalogue.path(doc)
    if path.suffix.lower() in (".md", ".markdown", ".txt"):
        return HTMLResponse(ws.catalogue.html(doc, highlight=q[:500]))
    if path.suffix.lower() != ".pdf":  # HTML, DOCX, HWP, HWPX: the text that was indexed
        chunks = [c for c in ws.assistant.reader.chunks() if c.doc_id == doc.doc_id]
        text = "\n\n".join(c.text for c in sorted(chunks, key=lambda c: c.position))
        return HTMLResponse(ws.catalogue.text_html(doc, text, highlight=q[:500]))
    from assistant.documents import MEDIA_TYPES

    return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix.lower()),
                        content_disposition_type="inline")


@router.post("/api/documents", status_code=201, dependencies=[Depends(admin)])
async def upload(ws: Annotated[Workspace, Depends(workspace)],
                 files: Annotated[list[UploadFile], File(description="Documents to add")],
                 ingest: bool = True) -> dict:
    """Add documents to the corpus (type and size checked first); start a re-index."""
    limit = int(ws.settings.max_file_mb * 1024 * 1024)
    saved = []
    for upload_file in files:
        name = upload_file.filename or "upload"
        ws.catalogue.check_upload(name, upload_file.size or 1)
        data = await upload_file.read(limit + 1)
        saved.append(ws.catalogue.save_upload(name, data))
    job_id = ws.start_ingest() if ingest and saved else None
    return {"saved": saved, "job_id": job_id}


@router.delete("/api/documents/{doc_id:path}", dependencies=[Depends(admin)])
def delete(doc_id: str, ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """Remove a document from the corpus; the re-index started here drops its chunks."""
    doc = ws.catalogue.delete(doc_id)
    return {"deleted": doc.doc_id, "source": doc.source, "job_id": ws.start_ingest()}


@router.post("/api/ingest", status_code=202, dependencies=[Depends(admin)])
def ingest(ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """Re-index the corpus in the background; poll `GET /api/jobs/{id}`."""
    return {"job_id": ws.start_ingest()}


@router.get("/api/jobs/{job_id}")
def job(job_id: str, ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """A re-index job: status, progress 0..1, message, result."""
    return ws.job(job_id)


@router.get("/api/insights", dependencies=[Depends(admin)])
def insights(ws: Annotated[Workspace, Depends(workspace)]) -> dict:
    """What users asked that the corpus could not answer; latency; most cited documents."""
    return ws.insights()


@router.get("/healthz")
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> Any:
    """Index and embedder loaded, Chroma reachable; 503 with the reason otherwise."""
    try:
        return {"status": "ready", **ws.ready()}
    except Exception as exc:
        body = json.loads(error_response(exc, language_of(request)).body)
        return JSONResponse({"status": "unavailable", **body}, status_code=503)
