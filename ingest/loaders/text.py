"""Plain-text loader, and the one text decoder (UTF-8, else CP949/EUC-KR) all text formats use."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ingest.errors import LoadError
from ingest.loaders._common import load_sidecar, normalise_text, text_document
from ingest.models import Document

_CONTROL_RATIO = 0.05  # above this share of control characters, "text" is really binary
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM or not), else CP949 (a superset of EUC-KR) when it decodes cleanly."""
    if not data.strip():
        raise LoadError("the file is empty: add content or remove it from the corpus")
    if b"\x00" in data:
        raise LoadError(
            "contains binary data (NUL bytes), not text: check that it is a text file; "
            "if it is UTF-16 text, re-save it as UTF-8"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            raise LoadError("not UTF-8 or CP949/EUC-KR: re-save the file as UTF-8") from None
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if controls > _CONTROL_RATIO * len(text):
        raise LoadError(
            f"looks binary ({controls} control characters in {len(text)}), not text: "
            "check that it is a text file and re-save it as UTF-8"
        )
    return text


def read_text(path: Path) -> str:
    """Read, decode and normalise a text file; refuse empty, binary and undecodable files."""
    text = normalise_text(decode_text(path.read_bytes()))
    if not text.strip():
        raise LoadError("the file is empty: add content or remove it from the corpus")
    return text


def load_text(path: Path, source: str) -> Document:
    """Load a .txt file as one block; metadata may come from a `<stem>.meta.yaml` sidecar."""
    text = read_text(path)
    metadata = load_sidecar(path)
    return text_document(source, "text", text, metadata)
