"""PDF loader (pypdf text per page), and the child process that parses every untrusted file.

The child parses PDF, HWP and HWPX files (see _pdf_worker.py) one at a time. It is started
with multiprocessing's "spawn" context (fork is unsafe once torch/onnx threads exist), sets
RLIMIT_AS for each parse, and is restarted after a timeout or a crash.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import threading
from pathlib import Path
from typing import Any

from ingest.errors import LoadError
from ingest.loaders import _pdf_worker
from ingest.loaders._common import derive_doc_id, load_sidecar, normalise_text
from ingest.models import Block, Document

_START_TIMEOUT_S = 120.0  # a cold interpreter on a busy machine; not part of the parse limit
ENCRYPTED = "encrypted with a password: remove the password (e.g. qpdf --decrypt) and ingest again"
NO_TEXT = "no text layer on any page (scanned PDF?); OCR is out of scope: provide a text version"


_LABELS = {"pdf": "PDF", "hwp": "HWP file", "hwpx": "HWPX file"}


class ParserWorker:
    """One child process that parses files one at a time; restarted when it dies or hangs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None

    def parse(
        self, path: Path, timeout_s: float, memory_mb: int, kind: str = "pdf"
    ) -> dict[str, Any]:
        """Parse `path` as `kind` in the child; raise LoadError on timeout or when it dies."""
        label = _LABELS.get(kind, "file")
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            try:
                self._conn.send((kind, str(path), memory_mb))
                ready = self._conn.poll(timeout_s)
            except (BrokenPipeError, EOFError, OSError):
                ready = True  # the child is gone: recv below reports it
            if not ready:
                self.stop(wait_s=0)
                raise LoadError(
                    f"parsing took longer than {timeout_s:g} s; the {label} may be malformed or "
                    "hostile: check or re-export the file (raise the limit only if you trust it)"
                )
            try:
                return self._conn.recv()
            except (EOFError, OSError):
                self.stop()
                raise LoadError(memory_message(memory_mb, label)) from None

    def _start(self) -> None:
        self.stop()
        ctx = mp.get_context("spawn")
        parent_conn, child_conn = ctx.Pipe()
        process = ctx.Process(
            target=_pdf_worker.serve, args=(child_conn,), name="file-parser", daemon=True
        )
        process.start()
        child_conn.close()
        self._process, self._conn = process, parent_conn
        try:
            if parent_conn.poll(_START_TIMEOUT_S) and parent_conn.recv().get("status") == "ready":
                return
        except (EOFError, OSError):
            pass
        self.stop()
        raise LoadError("the file parser process did not start: check the Python environment")

    def stop(self, wait_s: float = 1.0) -> None:
        """Stop the child process, killing it after wait_s; the next parse starts a new one."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        if process is not None:
            process.join(wait_s)
            if process.is_alive():
                process.kill()
                process.join(5)


_WORKER = ParserWorker()
atexit.register(_WORKER.stop)


def parse_in_child(kind: str, path: Path, timeout_s: float, memory_mb: int) -> dict[str, Any]:
    """Parse `path` as "pdf", "hwp" or "hwpx" in the limited child; its plain result."""
    return _WORKER.parse(path, timeout_s, memory_mb, kind)


def memory_message(memory_mb: int, label: str = "PDF") -> str:
    """The LoadError text for a parse that ran out of its memory limit."""
    return (
        f"needs more than {memory_mb} MB to parse; the {label} may be malformed or hostile "
        "(a decompression bomb?): check or re-export the file, or raise the memory limit"
    )


def _raise_for(result: dict[str, Any], memory_mb: int) -> None:
    kind, reason = result.get("kind"), result.get("reason", "")
    if kind == "encrypted":
        raise LoadError(ENCRYPTED)
    if kind == "memory":
        raise LoadError(memory_message(memory_mb))
    if kind == "limit":
        raise LoadError(
            f"exceeds pypdf's safety limits ({reason}); the PDF may be malformed or hostile: "
            "re-export it (e.g. print to PDF) and ingest again"
        )
    if kind == "dependency":
        raise LoadError(
            f"cannot be decrypted without an extra package ({reason}): install "
            "pypdf[crypto] or remove the encryption (e.g. qpdf --decrypt) and ingest again"
        )
    raise LoadError(
        f"not a readable PDF ({reason}): the file may be corrupt or truncated; "
        "re-export or download it again"
    )


def load_pdf(
    path: Path, source: str, *, timeout_s: float = 60.0, memory_mb: int = 1024
) -> Document:
    """Load a PDF: one block per page with text; sidecar `<stem>.meta.yaml` metadata wins."""
    if path.stat().st_size == 0:
        raise LoadError("the file is empty: add content or remove it from the corpus")
    metadata = load_sidecar(path)  # first: a bad sidecar is reported without parsing
    result = parse_in_child("pdf", path, timeout_s, memory_mb)
    if result.get("status") != "ok":
        _raise_for(result, memory_mb)
    blocks, warnings = [], list(result.get("warnings", []))
    for number, raw in enumerate(result["pages"], start=1):
        text = normalise_text(raw)
        if text.strip():
            blocks.append(Block(text=text, page=number))
        elif not any(w.startswith(f"page {number}:") for w in warnings):
            warnings.append(f"page {number}: scanned page, no text (OCR is not supported)")
    if not blocks:
        raise LoadError(NO_TEXT)
    metadata = {**result.get("info", {}), **metadata}
    return Document(
        doc_id=derive_doc_id(source, metadata),
        source=source,
        format="pdf",
        blocks=blocks,
        metadata=metadata,
        warnings=warnings,
    )
