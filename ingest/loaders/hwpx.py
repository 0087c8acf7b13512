"""HWPX loader: OWPML (a zip of XML parts) read with the standard library (zipfile, ElementTree).

No third-party reader: the permissively licensed ones are young and unproven, and the mature
one (pyhwp) is AGPL. `parse_hwpx` returns plain data and `load_hwpx` builds the Document; both
run in the sandbox child (see sandbox.py), the archive checks (archive.py) first. As the
DOCX loader does with Title and Heading N, a title style becomes a `#` line and outline level N
(개요 N) N `#`; tables become rows of ` | `-joined cells.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from ingest.errors import LoadError
from ingest.loaders._common import load_sidecar, normalise_text, text_document
from ingest.loaders.archive import Rejected, bomb_message, check_archive, read_part
from ingest.models import Document

MAX_HEADING_CHARS = 100  # a longer "outline" paragraph is body text set in a heading style

ENCRYPTED = "encrypted with a password: save it without a password from Hangul and ingest again"
DRM = ("a distribution (DRM-protected) document: ask the publisher for an unprotected copy "
       "or HWPX/PDF")
_LABELS = {"hwpx": "HWPX", "hwp": "HWP"}
_SECTION = re.compile(r"(?:^|/)section(\d+)\.xml$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:제목|문서\s*제목|title)$", re.IGNORECASE)
_OUTLINE_STYLE = re.compile(r"^(?:개요|outline|heading|제목)\s*(\d)$", re.IGNORECASE)


def heading_prefix(outline: int, text: str, *style_names: str) -> str:
    """`# ` for a title style, N `#` for outline level N (1-based) or an outline style."""
    if len(text) > MAX_HEADING_CHARS:
        return ""
    if outline:
        return "#" * min(outline, 6) + " "
    for name in style_names:
        name = (name or "").strip()
        if _TITLE_STYLE.match(name):
            return "# "
        match = _OUTLINE_STYLE.match(name)
        if match:
            return "#" * min(int(match.group(1)), 6) + " "
    return ""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------- XML ----------

def check_manifest(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose manifest lists encrypted parts (ODF-style packaging)."""
    manifest = "META-INF/manifest.xml"
    if manifest in archive.namelist() and b"encryption-data" in read_part(archive, manifest):
        raise Rejected("encrypted", "the package manifest lists encrypted parts")


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse UTF-8 XML that declares no DOCTYPE or entity (no entity-expansion attacks)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:64]:
        raise Rejected("corrupt", f"part {name} is not UTF-8 XML")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Rejected("corrupt", f"part {name} declares a DOCTYPE or entities")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise Rejected("corrupt", f"part {name}: {exc}") from None


def _package(archive: zipfile.ZipFile) -> tuple[str, str | None, list[str]]:
    """(title, header part, section parts in reading order) from Contents/content.hpf."""
    names = set(archive.namelist())
    hpf = "Contents/content.hpf"
    title, header, sections = "", None, []
    if hpf in names:
        base, items, order = posixpath.dirname(hpf), {}, []
        for el in parse_xml(read_part(archive, hpf), hpf).iter():
            name = _local(el.tag)
            if name == "title" and not title:
                title = " ".join("".join(el.itertext()).split())
            elif name == "item":
                href = el.get("href", "")
                joined = posixpath.normpath(posixpath.join(base, href))
                found = href if href in names else joined if joined in names else ""
                items[el.get("id", "")] = found
            elif name == "itemref":
                order.append(el.get("idref", ""))
        sections = [items[i] for i in order if _SECTION.search(items.get(i, ""))]
        header = next((h for h in items.values() if h.endswith("header.xml")), None)
    if not sections:
        found = [(int(m.group(1)), n) for n in names if (m := _SECTION.search(n))]
        sections = [n for _, n in sorted(found)]
    if header is None and "Contents/header.xml" in names:
        header = "Contents/header.xml"
    return title, header, sections


class _Walker:
    """Turns section XML into text parts, knowing which styles and paragraph shapes head."""

    def __init__(self, header: ET.Element | None) -> None:
        self.outline: dict[str, int] = {}  # paraPr id -> outline level (1-based)
        self.styles: dict[str, tuple[str, str, str]] = {}  # id -> (name, engName, paraPr id)
        for el in header.iter() if header is not None else ():
            name = _local(el.tag)
            if name == "paraPr":
                heading = next((h for h in el.iter() if _local(h.tag) == "heading"), None)
                if heading is not None and heading.get("type", "").upper() == "OUTLINE":
                    self.outline[el.get("id", "")] = int(heading.get("level") or 0) + 1
            elif name == "style":
                self.styles[el.get("id", "")] = (
                    el.get("name", ""), el.get("engName", ""), el.get("paraPrIDRef", "")
                )

    def block(self, elem: ET.Element, out: list[str], nested: bool) -> None:
        """Append the text of every paragraph and table under `elem`, in document order."""
        for child in elem:
            name = _local(child.tag)
            if name == "p":
                self.paragraph(child, out, nested)
            elif name == "tbl":
                out.append(self.table(child))
            else:
                self.block(child, out, nested)

    def paragraph(self, p: ET.Element, out: list[str], nested: bool) -> None:
        """One paragraph: its runs' text, then tables and boxes anchored in it."""
        texts: list[str] = []
        after: list[str] = []
        for run in p:
            if _local(run.tag) != "run":
                continue
            for item in run:
                name = _local(item.tag)
                if name == "t":
                    texts.append(_run_text(item))
                elif name == "tbl":
                    after.append(self.table(item))
                else:  # controls, text boxes, footnotes: any paragraphs inside them
                    self.block(item, after, True)
        text = "".join(texts).strip()
        if text:
            prefix = "" if nested else self._prefix(p, text)
            out.append(prefix + " ".join(text.split()) if prefix else text)
        out.extend(after)

    def table(self, tbl: ET.Element) -> str:
        """Rows of ` | `-joined cells; a merged cell is one `tc`, so it appears once."""
        rows = []
        for tr in (el for el in tbl if _local(el.tag) == "tr"):
            cells = []
            for tc in (el for el in tr if _local(el.tag) == "tc"):
                lines: list[str] = []
                self.block(tc, lines, True)
                cells.append(" ".join(" ".join(lines).split()))
            if any(cells):
                rows.append(" | ".join(cells))
        return "\n".join(rows)

    def _prefix(self, p: ET.Element, text: str) -> str:
        name, eng, style_para = self.styles.get(p.get("styleIDRef", ""), ("", "", ""))
        outline = self.outline.get(p.get("paraPrIDRef", ""), 0)
        outline = outline or self.outline.get(style_para, 0)
        return heading_prefix(outline, text, name, eng)


def _run_text(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        parts.append({"tab": "\t", "lineBreak": "\n"}.get(_local(child.tag), ""))
        parts.append(child.tail or "")
    return "".join(parts)


def parse_hwpx(path: str) -> dict[str, Any]:
    """Child side: text parts, title and warnings of an HWPX file, or an error kind and reason."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive)
            check_manifest(archive)
            title, header_name, sections = _package(archive)
            if not sections:
                raise Rejected("corrupt", "no section parts (Contents/section0.xml)")
            header = None
            if header_name:
                header = parse_xml(read_part(archive, header_name), header_name)
            walker, parts = _Walker(header), []
            for name in sections:
                walker.block(parse_xml(read_part(archive, name), name), parts, False)
    except Rejected as exc:
        return exc.result()
    except zipfile.BadZipFile as exc:
        with open(path, "rb") as file:
            ole = file.read(4) == b"\xd0\xcf\x11\xe0"  # an OLE compound file
        reason = "an HWP 5 file named .hwpx: rename it to .hwp" if ole else f"not a zip: {exc}"
        return Rejected("corrupt", reason).result()
    except (KeyError, ValueError, EOFError, OSError, zipfile.LargeZipFile) as exc:
        return Rejected("corrupt", f"{type(exc).__name__}: {exc}"[:200]).result()
    return {"status": "ok", "parts": parts, "title": title, "warnings": []}


# ---------- the Document ----------

def _message(result: dict[str, Any], fmt: str) -> str:
    kind, reason, label = result.get("kind"), result.get("reason", ""), _LABELS[fmt]
    if kind == "encrypted":
        return ENCRYPTED
    if kind == "drm":
        return DRM
    if kind == "bomb":
        return bomb_message(reason, label, "Hangul")
    if kind == "version":
        return f"{reason}: open it in Hangul, save it as HWPX or HWP 5 and ingest again"
    return (f"not a readable {label} file ({reason}): the file may be corrupt or truncated; "
            "re-save it from Hangul")


def load_hangul(path: Path, source: str, fmt: str) -> Document:
    """Parse an HWP or HWPX file (in the sandbox child); sidecar metadata wins over its title."""
    from ingest.loaders.hwp import parse_hwp
    from ingest.loaders.markdown import first_h1

    if path.stat().st_size == 0:
        raise LoadError("the file is empty: add content or remove it from the corpus")
    metadata = load_sidecar(path)  # first: a bad sidecar is reported without parsing
    result = parse_hwpx(str(path)) if fmt == "hwpx" else parse_hwp(str(path))
    if result.get("status") != "ok":
        raise LoadError(_message(result, fmt))
    text = normalise_text("\n\n".join(p for p in result["parts"] if p.strip()))
    if not text.strip():
        raise LoadError("the document has no text: check the file or remove it")
    title = result.get("title") or first_h1(text)
    document = text_document(source, fmt, text, {**({"title": title} if title else {}), **metadata})
    document.warnings = list(result.get("warnings", []))
    return document


def load_hwpx(path: Path, source: str) -> Document:
    """Load an HWPX file as one Markdown-like block (call it through load_file's sandbox)."""
    return load_hangul(path, source, "hwpx")
