"""PDF loader: pypdf text per page, without the text a reader cannot see.

Runs in the sandbox child (see sandbox.py). Before a page's text is extracted, text drawn
invisibly (text render mode 3 or 7) or in white before anything non-white was painted on the
page (white on white paper) is blanked in the page's content stream (pypdf's ContentStream).
Text inside form XObjects is not filtered (best effort).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ingest.errors import LoadError
from ingest.loaders._common import derive_doc_id, load_sidecar, normalise_text
from ingest.models import Block, Document

ENCRYPTED = "encrypted with a password: remove the password (e.g. qpdf --decrypt) and ingest again"
NO_TEXT = "no text layer on any page (scanned PDF?); OCR is out of scope: provide a text version"
_SHOW = (b"Tj", b"TJ", b"'", b'"')
_PAINT = (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"INLINE IMAGE")
_INVISIBLE_MODES = (3, 7)  # neither fill nor stroke (7 only adds to the clipping path)


def _numbers(operands: list[Any]) -> list[float]:
    try:
        return [float(value) for value in operands]
    except (TypeError, ValueError):
        return []


def _is_white(operator: bytes, operands: list[Any]) -> bool:
    """Whether a fill-colour operator sets white (gray 1, RGB 1 1 1, CMYK 0 0 0 0)."""
    values = _numbers(operands)
    if operator == b"k" or (operator in (b"sc", b"scn") and len(values) == 4):
        return len(values) == 4 and max(values) <= 0.01
    return bool(values) and len(values) in (1, 3) and min(values) >= 0.99


def hide_invisible_text(page: Any, reader: Any) -> int:
    """Blank the page's invisible and white-on-white text operators; how many were blanked."""
    from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, NameObject

    contents = page.get_contents()
    if contents is None:
        return 0
    content = contents if isinstance(contents, ContentStream) else ContentStream(contents, reader)
    mode, white, painted, stack, hidden = 0, False, False, [], 0
    operations = []
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append((mode, white))
        elif operator == b"Q":
            mode, white = stack.pop() if stack else (0, False)
        elif operator == b"Tr" and _numbers(operands[:1]):
            mode = int(_numbers(operands[:1])[0])
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn"):
            white = _is_white(operator, operands)
        elif operator in _PAINT and not white:
            painted = True
        elif operator in _SHOW and (mode in _INVISIBLE_MODES or (white and not painted)):
            hidden += 1
            empty: Any = ArrayObject() if operator == b"TJ" else ByteStringObject(b"")
            operands = [*operands[:2], empty] if operator == b'"' else [empty]
        operations.append((operands, operator))
    if hidden:
        content.operations = operations
        page[NameObject("/Contents")] = content
    return hidden


def extract(path: str) -> dict[str, Any]:
    """Text of every visible page plus the document info, or an error kind and a short reason."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would flood stderr
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                return {"status": "error", "kind": "encrypted", "reason": "password needed"}
        pages, warnings = [], []
        for number, page in enumerate(reader.pages, start=1):
            try:
                if hide_invisible_text(page, reader):
                    warnings.append(f"page {number}: invisible or white-on-white text dropped")
                pages.append(page.extract_text() or "")
            except (LimitReachedError, MemoryError, DependencyError):
                raise
            except Exception as exc:  # one bad page must not lose the others
                pages.append("")
                warnings.append(f"page {number}: text could not be extracted ({_short(exc)})")
        return {"status": "ok", "pages": pages, "info": _info(reader), "warnings": warnings}
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


def _raise_for(result: dict[str, Any]) -> None:
    kind, reason = result.get("kind"), result.get("reason", "")
    if kind == "encrypted":
        raise LoadError(ENCRYPTED)
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


def load_pdf(path: Path, source: str) -> Document:
    """Load a PDF (in the sandbox child): one block per page with text; sidecar metadata wins."""
    if path.stat().st_size == 0:
        raise LoadError("the file is empty: add content or remove it from the corpus")
    metadata = load_sidecar(path)  # first: a bad sidecar is reported without parsing
    result = extract(str(path))
    if result.get("status") != "ok":
        _raise_for(result)
    blocks, warnings = [], list(result.get("warnings", []))
    for number, raw in enumerate(result["pages"], start=1):
        text = normalise_text(raw)
        if text.strip():
            blocks.append(Block(text=text, page=number))
        elif not any(w.startswith(f"page {number}: text could") for w in warnings):
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
