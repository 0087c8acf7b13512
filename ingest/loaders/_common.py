"""Helpers shared by the loaders: text normalisation, doc ids, metadata clean-up (PyYAML).

YAML (front matter and sidecars) is read with a SafeLoader that refuses aliases, so a
"billion laughs" cannot expand, and only up to ingest.limits.MAX_YAML_BYTES of it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import LoadError
from ingest.limits import MAX_YAML_BYTES, read_regular, shown
from ingest.models import Block, Document

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def normalise_text(text: str) -> str:
    """NFC-normalise, drop NUL bytes and trailing spaces, collapse more than two blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n\n", text).strip("\n")


def derive_doc_id(source: str, metadata: dict[str, Any]) -> str:
    """The metadata's doc_id when given, else the source path without its suffix."""
    given = str(metadata.get("doc_id") or "").strip()
    if given:
        return given
    head, _, name = source.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{head}/{stem}" if head else stem


def text_document(source: str, fmt: str, text: str, metadata: dict[str, Any]) -> Document:
    """A non-paged document: one block of text, doc_id from metadata or the source path."""
    return Document(doc_id=derive_doc_id(source, metadata), source=source, format=fmt,
                    blocks=[Block(text=text)], metadata=metadata)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def clean_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Dates to ISO strings ("YYYY-MM-DD"), audience to a list of str; other keys kept."""
    meta = {str(k): _plain(v) for k, v in raw.items()}
    if "audience" in meta:
        audience = meta["audience"]
        if audience is None:
            meta["audience"] = []
        elif isinstance(audience, list):
            meta["audience"] = [str(a).strip() for a in audience if str(a).strip()]
        else:
            meta["audience"] = [a.strip() for a in str(audience).split(",") if a.strip()]
    for key in ("doc_id", "title"):
        if key in meta and meta[key] is not None:
            meta[key] = str(meta[key]).strip()
    return meta


def yaml_error_message(exc: Exception, where: str) -> str:
    """Turn a PyYAML error into 'invalid YAML in <where> at line L, column C: problem'."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start:
        problem += f" ({context} started at line {start.line + 1})"
    return f"invalid YAML in {where}{at}: {problem}; fix the YAML and ingest again"


class _AliasRefused(Exception):
    """A YAML alias (`*name`) was met: aliases are refused, so nothing can expand."""


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing every alias (`*name`, and so `<<: *name` merges)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102 (PyYAML's hook)
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def parse_yaml(text: str, where: str) -> Any:
    """Parse metadata YAML safely: no aliases, at most MAX_YAML_BYTES; LoadError otherwise."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise LoadError(
            f"{where} is {size // 1024:,} KB, over the {MAX_YAML_BYTES // 1024} KB limit for "
            "metadata: keep it to short key: value lines and move long text into the document"
        )
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
    except _AliasRefused:
        raise LoadError(
            f"{where} uses YAML aliases/anchors (*name, &name), which are not allowed: "
            "write the values out"
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(yaml_error_message(exc, where)) from None
    except RecursionError:
        raise LoadError(
            f"{where} is nested too deeply: write metadata as flat key: value lines"
        ) from None
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a date like 2023-13-45
        raise LoadError(f"invalid value in {where} ({exc}): fix it and ingest again") from None


def load_sidecar(path: Path) -> dict[str, Any]:
    """Read `<stem>.meta.yaml` next to `path` when it exists (else {}); it must be a mapping.

    A sidecar is read only when it is a regular file in the document's own folder (a link to
    elsewhere is refused) and not larger than MAX_YAML_BYTES.
    """
    sidecar = path.with_name(path.stem + ".meta.yaml")
    if not os.path.lexists(sidecar):
        return {}
    where = f"sidecar {shown(sidecar.name)}"
    try:
        real = sidecar.resolve(strict=True)
    except (OSError, RuntimeError):
        raise LoadError(f"{where} is a broken link or a link loop: fix or remove it") from None
    if real.parent != path.parent.resolve():  # the folder the document is listed in
        raise LoadError(
            f"{where} is a link to {shown(str(real))!r}, outside the document's folder: "
            "copy the sidecar next to the document instead"
        )
    try:
        raw = read_regular(real, MAX_YAML_BYTES)
    except LoadError as exc:
        raise LoadError(f"{where} {exc}: keep it to short key: value lines") from None
    except OSError as exc:
        raise LoadError(f"{where} cannot be read ({exc.strerror}): check it") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError(f"{where} is not UTF-8: re-save it as UTF-8") from None
    data = parse_yaml(text, where)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError(f"{where} must be a YAML mapping (key: value lines), not a list or text")
    return clean_metadata(data)
