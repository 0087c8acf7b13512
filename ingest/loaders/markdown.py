"""Markdown loader: python-frontmatter finds the YAML front matter; PyYAML reads it, safely
(no aliases, a size limit: see ingest.loaders._common.parse_yaml)."""

from __future__ import annotations

import re
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from ingest.errors import LoadError
from ingest.loaders._common import clean_metadata, parse_yaml, text_document
from ingest.loaders.text import read_text
from ingest.models import Document

_H1 = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)


def first_h1(text: str) -> str | None:
    """The text of the first `# ` heading, if any."""
    match = _H1.search(text)
    return match.group(1).strip() if match else None


def load_markdown(path: Path, source: str) -> Document:
    """Load a Markdown file: front matter into metadata, body as one block."""
    text = read_text(path)
    handler = YAMLHandler()
    raw: object = {}
    body = text
    if handler.detect(text):
        try:
            front, body = handler.split(text)
        except ValueError:  # an opening '---' line without a closing one
            raise LoadError(
                "the front matter has no closing '---' line: end it with '---' on its own line"
            ) from None
        raw = parse_yaml(front, "the front matter") or {}
    if not isinstance(raw, dict):
        raise LoadError(
            "the front matter must be a YAML mapping (key: value lines) between '---' lines"
        )
    metadata = clean_metadata(raw)
    body = body.strip("\n")
    if not body.strip():
        raise LoadError("the file has front matter but no text: add content or remove it")
    if not metadata.get("title"):
        metadata["title"] = first_h1(body) or path.name
    return text_document(source, "markdown", body, metadata)
