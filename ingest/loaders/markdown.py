"""Markdown loader: python-frontmatter finds the YAML front matter (PyYAML reads it)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from ingest.errors import LoadError
from ingest.loaders._common import clean_metadata, text_document, yaml_error_message
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
        front, body = handler.split(text)
        try:
            raw = yaml.safe_load(front) or {}
        except yaml.YAMLError as exc:
            raise LoadError(yaml_error_message(exc, "the front matter")) from None
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
