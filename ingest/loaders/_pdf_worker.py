"""Runs inside the parser child process: PDF (pypdf), HWPX and HWP parsing under an
address-space limit. A request is (kind, path, memory_mb); the answer is plain data.

Keep imports light: this module is imported by a freshly spawned interpreter.
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def serve(conn: Connection) -> None:
    """Answer (kind, path, memory_mb) requests with parse results until the pipe closes."""
    import logging

    # imported before the limit is set, once per worker
    import olefile  # noqa: F401
    import pypdf  # noqa: F401

    from ingest.loaders import hwp, hwpx  # noqa: F401

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would flood stderr
    conn.send({"status": "ready"})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        kind, path, memory_mb = request
        try:
            result = parse_limited(kind, path, memory_mb)
        except Exception as exc:  # a bug here must not look like a crash of the parser
            result = {"status": "error", "kind": "corrupt", "reason": _short(exc)}
        try:
            conn.send(result)
        except OSError:  # the parent gave up on this request (time limit) and left
            return


def parse_limited(kind: str, path: str, memory_mb: int) -> dict[str, Any]:
    """Parse as `kind` with RLIMIT_AS lowered to memory_mb; MemoryError -> a "memory" result."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return _parser(kind)(path)
    except MemoryError:
        return {"status": "error", "kind": "memory", "reason": "out of memory"}
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _parser(kind: str) -> Callable[[str], dict[str, Any]]:
    if kind == "hwpx":
        from ingest.loaders.hwpx import parse_hwpx

        return parse_hwpx
    if kind == "hwp":
        from ingest.loaders.hwp import parse_hwp

        return parse_hwp
    if kind == "pdf":
        return parse
    raise ValueError(f"unknown kind of file {kind!r}")


def parse(path: str) -> dict[str, Any]:
    """PDF: text of every page plus the document info, or an error kind with a short reason."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                return {"status": "error", "kind": "encrypted", "reason": "password needed"}
        pages, failures = [], []
        for number, page in enumerate(reader.pages, start=1):
            try:
                pages.append(page.extract_text() or "")
            except (LimitReachedError, MemoryError, DependencyError):
                raise
            except Exception as exc:  # one bad page must not lose the others
                pages.append("")
                failures.append(f"page {number}: text could not be extracted ({_short(exc)})")
        return {"status": "ok", "pages": pages, "info": _info(reader), "warnings": failures}
    except MemoryError:
        raise
    except LimitReachedError as exc:
        return {"status": "error", "kind": "limit", "reason": _short(exc)}
    except DependencyError as exc:
        return {"status": "error", "kind": "dependency", "reason": _short(exc)}
    except Exception as exc:  # any parse error (PyPdfError and others): report, never crash
        return {"status": "error", "kind": "corrupt", "reason": _short(exc)}


def _info(reader: Any) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        keys = {"/Title": "title", "/Subject": "subject", "/Author": "author"}
        keys["/Keywords"] = "keywords"
        found = {name: str(meta.get(key) or "").strip() for key, name in keys.items()}
    except Exception:  # broken info dictionary: the text is what matters
        return {}
    return {name: value for name, value in found.items() if value}


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
