"""The sandbox: one reusable child process parses every file, under time and memory limits.

The parent sends (path, source, memory_mb) over a multiprocessing pipe; the child (see
_worker.py) loads the file with RLIMIT_AS lowered to memory_mb and answers with the
Document's fields as plain data, a LoadError message, or "memory". The parent waits at most
timeout_s for the answer, then kills the child; a dead or killed child is started again on
the next file, so a corpus pays one process start, not one per file. The child is started
with multiprocessing's "spawn" context (fork is unsafe once torch/onnx threads exist).
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import threading
from pathlib import Path
from typing import Any

from ingest.errors import LoadError
from ingest.loaders import _worker
from ingest.models import Block, Document

_START_TIMEOUT_S = 120.0  # a cold interpreter on a busy machine; not part of the parse limit
LABELS = {
    ".pdf": "PDF", ".docx": "DOCX file", ".html": "HTML file", ".htm": "HTML file",
    ".md": "Markdown file", ".markdown": "Markdown file", ".txt": "text file",
    ".hwp": "HWP file", ".hwpx": "HWPX file",
}  # fmt: skip


def memory_message(memory_mb: int, label: str = "PDF") -> str:
    """The LoadError text for a parse that ran out of its memory limit (or crashed)."""
    return (
        f"needs more than {memory_mb} MB to parse; the {label} may be malformed or hostile "
        "(a decompression bomb?): check or re-export the file, or raise the memory limit"
    )


def timeout_message(timeout_s: float, label: str = "PDF") -> str:
    """The LoadError text for a parse that ran past its time limit."""
    return (
        f"parsing took longer than {timeout_s:g} s; the {label} may be malformed or "
        "hostile: check or re-export the file (raise the limit only if you trust it)"
    )


class ParserWorker:
    """One child process that loads files one at a time; restarted when it dies or hangs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None

    def load(self, path: Path, source: str, timeout_s: float, memory_mb: int) -> Document:
        """Load `path` in the child; raise LoadError for a bad file, a timeout or a crash."""
        label = LABELS.get(path.suffix.lower(), "file")
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            try:
                self._conn.send((str(path), source, memory_mb))
                ready = self._conn.poll(timeout_s)
            except (BrokenPipeError, EOFError, OSError):
                ready = True  # the child is gone: recv below reports it
            if not ready:
                self.stop(wait_s=0)
                raise LoadError(timeout_message(timeout_s, label))
            try:
                answer = self._conn.recv()
            except (EOFError, OSError):  # killed: RLIMIT_AS hit outside Python's allocator
                self.stop()
                raise LoadError(memory_message(memory_mb, label)) from None
            if answer.get("status") == "memory":  # its heap may stay fragmented: start afresh
                self.stop()
        return _document(answer, memory_mb, label)

    def _start(self) -> None:
        self.stop()
        ctx = mp.get_context("spawn")
        parent_conn, child_conn = ctx.Pipe()
        process = ctx.Process(
            target=_worker.serve, args=(child_conn,), name="file-parser", daemon=True
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
        """Stop the child process, killing it after wait_s; the next load starts a new one."""
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


def _document(answer: dict[str, Any], memory_mb: int, label: str) -> Document:
    """Rebuild the Document from the child's plain answer, or raise its LoadError."""
    status = answer.get("status")
    if status == "memory":
        raise LoadError(memory_message(memory_mb, label))
    if status != "ok":
        raise LoadError(str(answer.get("message") or f"not a readable {label}"))
    fields = dict(answer["document"])
    fields["blocks"] = [Block(**block) for block in fields["blocks"]]
    return Document(**fields)


WORKER = ParserWorker()
atexit.register(WORKER.stop)


def load_in_child(path: Path, source: str, timeout_s: float, memory_mb: int) -> Document:
    """Load any supported file in the shared limited child process."""
    return WORKER.load(path, source, timeout_s, memory_mb)
