"""HTML loader: BeautifulSoup (html.parser) text with block line breaks and `#` headings.

Runs in the sandbox child (see sandbox.py). Before BeautifulSoup builds a tree, a linear
pre-scan (a regex tokenizer keeping the tag stack as bs4 does) refuses pages nested deeper
than MAX_DEPTH: deep trees make bs4 quadratic. Text a reader cannot see is dropped: scripts,
styles, templates, comments, `hidden` and aria-hidden elements, and inline styles with
display:none, visibility:hidden, opacity:0, a font under 2px, a zero height with hidden
overflow, a far negative offset, or a text colour equal to its background (white on the default
white page). `strip_hidden_html` applies the same rules to raw HTML inside Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData

from ingest.errors import LoadError
from ingest.loaders._common import normalise_text, text_document
from ingest.loaders.text import read_text
from ingest.models import Document

MAX_DEPTH = 256  # element nesting; real pages stay under ~60
_DROP = (
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed",
    "canvas",
)  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = (
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "hr", "figure", "figcaption",
    "form", "fieldset", "address", "caption",
)  # fmt: skip
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_RAW_TEXT = ("script", "style")  # html.parser reads their content as text, not tags
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TOKEN = re.compile(r"<(?:(!--)|(/)?([A-Za-z][^\s/>]*))")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^<>]{0,4000})>")
_ATTR = re.compile(r"""([^\s=/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_DECLARATION = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;]+)")
_SIZE = re.compile(r"^(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(px|pt|em|rem|%)?")
_RGB = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$")
_NAMED = {"white": "#ffffff", "black": "#000000", "transparent": "transparent"}
WHITE = "#ffffff"


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse HTML nested deeper than `limit`, in one linear pass and without building a tree."""
    lower, stack, pos = text.lower(), [], 0
    while match := _TOKEN.search(text, pos):
        if match.group(1):  # a comment: skip to its end
            pos = text.find("-->", match.end()) + 3
            if pos < 3:
                return
            continue
        end = text.find(">", match.end())
        if end < 0:
            return
        name, pos = match.group(3).lower(), end + 1
        if match.group(2):
            if name in stack:  # pop to the most recent open tag of that name, as bs4 does
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif name not in _VOID and text[end - 1] != "/":
            stack.append(name)
            if len(stack) > limit:
                raise LoadError(
                    f"elements are nested more than {limit} deep (unclosed tags?); the page "
                    "may be malformed or hostile: re-save it from a browser or an editor"
                )
            if name in _RAW_TEXT:
                close = lower.find(f"</{name}", pos)
                pos = close if close >= 0 else len(text)


def _colour(value: str | None) -> str | None:
    """A CSS colour as #rrggbb, "transparent", or None when unknown."""
    value = (value or "").split("!")[0].strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(ch * 2 for ch in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return value
    match = _RGB.match(value)
    if not match:
        return None
    if match.group(4) is not None and float(match.group(4)) == 0:
        return "transparent"
    return "#" + "".join(f"{min(int(n), 255):02x}" for n in match.groups()[:3])


def _styles(attrs: dict[str, str]) -> dict[str, str]:
    style = attrs.get("style") or ""
    return {k.lower(): v.strip().lower() for k, v in _DECLARATION.findall(style)}


def background(attrs: dict[str, str]) -> str | None:
    """The background colour an element sets, "unknown" for one we cannot read, else None."""
    styles = _styles(attrs)
    declared = [styles.get("background-color", ""), *styles.get("background", "").split(),
                attrs.get("bgcolor") or ""]
    if not any(declared):
        return None
    colours = [_colour("transparent" if d.strip() == "none" else d) for d in declared if d]
    found = [c for c in colours if c and c != "transparent"]
    if found:
        return found[0]
    return None if "transparent" in colours else "unknown"


def _number(value: str | None, default: float) -> float:
    match = _SIZE.match(value or "")
    return float(match.group(1)) if match else default


def _tiny(size: str) -> bool:
    match = _SIZE.match(size)
    if not match:
        return False
    number, unit = float(match.group(1)), match.group(2) or "px"
    return number < {"px": 2, "pt": 2, "em": 0.1, "rem": 0.1, "%": 10}[unit]


def hidden_by_attrs(attrs: dict[str, str], backdrop: str | None = WHITE) -> bool:
    """Whether an element with these attributes hides its text from a reader.

    `backdrop` is the background behind the element (the nearest one set, else white).
    """
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    s = _styles(attrs)
    if s.get("display", "").startswith("none") or s.get("visibility", "")[:6] in (
        "hidden", "collap"
    ):
        return True
    if _number(s.get("opacity"), 1) < 0.05 or _tiny(s.get("font-size", "16px")):
        return True
    if s.get("overflow", "").startswith("hidden") and any(
        _number(s.get(k), 1) == 0 for k in ("height", "max-height", "width", "max-width")
    ):
        return True
    if any(_number(s.get(k), 0) <= -1000 for k in ("left", "top", "text-indent", "margin-left")):
        return True
    colour = _colour(s.get("color") or attrs.get("color"))
    if colour == "transparent":
        return True
    return colour is not None and colour == (background(attrs) or backdrop)


def _attrs(tag: Tag) -> dict[str, str]:
    return {
        k.lower(): " ".join(v) if isinstance(v, list) else str(v) for k, v in tag.attrs.items()
    }


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _walk(node: Tag, out: list[str], pre: bool, backdrop: str) -> None:
    """Append the visible text under `node`; hidden elements and their subtrees are skipped.

    One pass, no tree edits (bs4's insert/replace are linear in the siblings: quadratic).
    """
    for child in node.children:
        if not isinstance(child, Tag):
            if type(child) in (NavigableString, CData):  # not comments, scripts, doctypes
                out.append(str(child) if pre else _SPACES.sub(" ", str(child)))
            continue
        attrs = _attrs(child)
        if child.name in _DROP or hidden_by_attrs(attrs, backdrop):
            continue
        inner = background(attrs) or backdrop
        name, inside_pre = child.name, pre or child.name == "pre"
        if name == "br":
            out.append("\n")
        elif name in _HEADINGS:
            out.append(f"\n\n{'#' * int(name[1])} {_inline(child, inner)}\n\n")
        elif name == "tr":
            cells = [_inline(c, inner) for c in child.find_all(("td", "th"), recursive=False)
                     if not hidden_by_attrs(_attrs(c), inner)]
            out.append("\n" + " | ".join(c for c in cells if c) + "\n")
        elif name in _BLOCKS:
            out.append("\n- " if name == "li" else "\n")
            _walk(child, out, inside_pre, inner)
            out.append("\n")
        else:
            _walk(child, out, inside_pre, inner)


def _inline(tag: Tag, backdrop: str) -> str:
    parts: list[str] = []
    _walk(tag, parts, False, backdrop)
    return _squash("".join(parts))


def html_to_text(soup: BeautifulSoup) -> str:
    """Visible text with a line break around each block and `#` lines for headings."""
    parts: list[str] = []
    _walk(soup, parts, False, WHITE)
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return normalise_text("\n".join(lines))


def load_html(path: Path, source: str) -> Document:
    """Load an HTML page (in the sandbox child) as one Markdown-like block, visible text only."""
    raw = read_text(path)
    check_depth(raw)
    soup = BeautifulSoup(raw, "html.parser")
    title = soup.title.get_text() if soup.title else ""
    text = html_to_text(soup)
    title = _squash(title) or _first_h1(text)  # a hidden h1 is not in the text: no title
    if not text.strip():
        raise LoadError("the page has no visible text: check the file or remove it")
    metadata = {"title": title} if title else {}
    return text_document(source, "html", text, metadata)


def _first_h1(text: str) -> str | None:
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def strip_hidden_html(text: str) -> str:
    """Raw HTML in Markdown: drop comments and hidden elements (as load_html does), keep the rest.

    An unclosed comment or hidden element hides everything after it, as a browser would.
    """
    out, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end < 0 else end + 3
    out.append(text[pos:])
    text, out, pos = "".join(out), [], 0
    skip: tuple[str, int] | None = None  # (tag name, open count) while inside a hidden element
    for match in _TAG.finditer(text):
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        if skip is not None:
            if name == skip[0] and not rest.rstrip().endswith("/"):
                skip = (name, skip[1] + (-1 if closing else 1))
                if skip[1] == 0:
                    skip, pos = None, match.end()
            continue
        if closing or name in _VOID or rest.rstrip().endswith("/"):
            continue
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(rest)}
        if name in _DROP or hidden_by_attrs(attrs):
            out.append(text[pos : match.start()])
            skip, pos = (name, 1), match.end()
    if skip is None:
        out.append(text[pos:])
    return normalise_text("".join(out))
