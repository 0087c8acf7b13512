"""HTML loader: BeautifulSoup (html.parser) text with block line breaks and `#` headings."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.errors import LoadError
from ingest.loaders._common import normalise_text, text_document
from ingest.loaders.text import read_text
from ingest.models import Document

_DROP = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = (
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "hr", "figure", "figcaption",
    "form", "fieldset", "address", "caption",
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def html_to_text(soup: BeautifulSoup) -> str:
    """Visible text with a line break around each block and `#` lines for headings."""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for string in soup.find_all(string=True):
        if type(string) is NavigableString and not string.find_parent("pre"):
            string.replace_with(_SPACES.sub(" ", str(string)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for heading in soup.find_all(_HEADINGS):
        level = int(heading.name[1])
        heading.replace_with(f"\n\n{'#' * level} {_squash(heading.get_text())}\n\n")
    for row in soup.find_all("tr"):
        cells = [_squash(c.get_text()) for c in row.find_all(("td", "th"), recursive=False)]
        row.replace_with("\n" + " | ".join(c for c in cells if c) + "\n")
    for tag in soup.find_all(_BLOCKS):
        if isinstance(tag, Tag):
            prefix = "- " if tag.name == "li" else ""
            tag.insert_before("\n" + prefix)
            tag.insert_after("\n")
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return normalise_text("\n".join(lines))


def _title(soup: BeautifulSoup) -> str | None:
    if soup.title and soup.title.get_text(strip=True):
        return _squash(soup.title.get_text())
    h1 = soup.find("h1")
    return _squash(h1.get_text()) if h1 and h1.get_text(strip=True) else None


def load_html(path: Path, source: str) -> Document:
    """Load an HTML page as one Markdown-like block (headings as `#` lines)."""
    soup = BeautifulSoup(read_text(path), "html.parser")
    title = _title(soup)
    text = html_to_text(soup)
    if not text.strip():
        raise LoadError("the page has no visible text: check the file or remove it")
    metadata = {"title": title} if title else {}
    return text_document(source, "html", text, metadata)
