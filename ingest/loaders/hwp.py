"""HWP 5 loader: the OLE compound file is opened with `olefile`, its records read by hand.

No third-party HWP reader: the mature one (pyhwp) is AGPL and the permissive ones are young.
`parse_hwp` runs in the sandbox child process (see sandbox.py) under its time and memory limits.
It reads FileHeader (signature, compression, password and distribution/DRM flags), the
paragraph shapes and styles in DocInfo (to find title and outline paragraphs, written as `#`
lines like HWPX), and the records of BodyText/Section{n} (raw deflate when compressed).
Tables: the paragraphs of each cell (LIST_HEADER records inside a 'tbl ' control) become rows
of ` | `-joined cells, grouped by the cell's row address; a caption is a line before the rows
and a nested table is flattened into its cell. Format: Hancom's published HWP 5.0 specification.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import olefile

from ingest.loaders.archive import MB, Rejected
from ingest.loaders.hwpx import heading_prefix, load_hangul
from ingest.models import Document

SIGNATURE = b"HWP Document File"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_STREAM_BYTES = 256 * MB  # one inflated stream; more is treated as a decompression bomb
FLAG_COMPRESSED, FLAG_PASSWORD, FLAG_DISTRIBUTION, FLAG_DRM, FLAG_CERT = 0x1, 0x2, 0x4, 0x10, 0x100

TAG_BEGIN = 16
TAG_PARA_SHAPE = TAG_BEGIN + 9
TAG_STYLE = TAG_BEGIN + 10
TAG_PARA_HEADER = TAG_BEGIN + 50
TAG_PARA_TEXT = TAG_BEGIN + 51
TAG_CTRL_HEADER = TAG_BEGIN + 55
TAG_LIST_HEADER = TAG_BEGIN + 56
TAG_TABLE = TAG_BEGIN + 61
CTRL_TABLE = 0x74626C20  # 'tbl '
# control characters that occupy 8 UTF-16 units (extended and inline controls); 9 is a tab
_EIGHT_UNITS = frozenset([*range(1, 10), 11, 12, *range(14, 24)])
_SINGLE = {9: 0x09, 10: 0x0A, 24: 0x2D, 30: 0x20, 31: 0x20}  # tab, line break, hyphen, spaces


def records(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(tag, level, payload) of each record: header = tag 10 bits | level 10 | size 12."""
    pos, end = 0, len(data)
    while pos + 4 <= end:
        (header,) = struct.unpack_from("<I", data, pos)
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        pos += 4
        if size == 0xFFF:
            if pos + 4 > end:
                raise Rejected("corrupt", "a record header is cut off (truncated?)")
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > end:
            raise Rejected("corrupt", "a record runs past the end of its stream (truncated?)")
        yield tag, level, data[pos : pos + size]
        pos += size


def para_text(payload: bytes) -> str:
    """PARA_TEXT (UTF-16LE) without its controls; tabs and line breaks kept."""
    units = struct.unpack_from(f"<{len(payload) // 2}H", payload)
    kept: list[int] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if unit >= 32:
            kept.append(unit)
        elif unit in _SINGLE:
            kept.append(_SINGLE[unit])
        i += 8 if unit in _EIGHT_UNITS else 1
    return struct.pack(f"<{len(kept)}H", *kept).decode("utf-16-le", errors="replace")


class _Table:
    """Cells of one table control, collected as their paragraphs arrive."""

    def __init__(self, level: int) -> None:
        self.level, self.columns, self.count, self.row = level, 0, 0, 0
        self.rows: dict[int, list[str]] = {}
        self.caption: list[str] = []  # its LIST_HEADER comes before the TABLE record
        self.cell: list[str] | None = None
        self.shaped = False

    def shape(self, payload: bytes) -> None:
        """TABLE record: attributes (4 bytes), rows, columns; the cells follow."""
        self._finish()
        self.shaped = True
        if len(payload) >= 8:
            self.columns = struct.unpack_from("<H", payload, 6)[0]

    def new_cell(self, payload: bytes) -> None:
        """LIST_HEADER of a cell: paragraph count, flags, then column and row addresses."""
        self._finish()
        if not self.shaped:
            self.cell = self.caption
            return
        row = struct.unpack_from("<H", payload, 10)[0] if len(payload) >= 12 else -1
        guess = self.count // self.columns if self.columns else self.count
        self.row = row if 0 <= row <= guess + 1 else guess  # a strange address: count cells
        self.cell, self.count = [], self.count + 1

    def add(self, text: str) -> None:
        """Text of a paragraph (or of a nested table) inside the current cell or caption."""
        if self.cell is None:
            self.new_cell(b"")
        assert self.cell is not None
        self.cell.append(text)

    def _finish(self) -> None:
        if self.cell is not None and self.cell is not self.caption:
            self.rows.setdefault(self.row, []).append(" ".join(" ".join(self.cell).split()))
        self.cell = None

    def text(self) -> str:
        """The caption, then the rows, one line each."""
        self._finish()
        rows = [" | ".join(cells) for _, cells in sorted(self.rows.items()) if any(cells)]
        caption = " ".join(" ".join(self.caption).split())
        return "\n".join([caption, *rows] if caption else rows)


class _Section:
    """Turns the records of one BodyText section into text parts."""

    def __init__(self, outline: list[int], styles: list[tuple[str, str, int]]) -> None:
        self.outline, self.styles = outline, styles
        self.parts: list[str] = []
        self.tables: list[_Table] = []
        self.outline_level, self.style = 0, ("", "")

    def feed(self, tag: int, level: int, payload: bytes) -> None:
        """Take one record, in stream order."""
        while self.tables and level <= self.tables[-1].level:
            self._emit(self.tables.pop().text())
        if tag == TAG_PARA_HEADER:
            self._para_header(payload)
        elif tag == TAG_PARA_TEXT:
            text = para_text(payload).strip()
            if text and not self.tables:
                prefix = heading_prefix(self.outline_level, text, *self.style)
                text = prefix + " ".join(text.split()) if prefix else text
            self._emit(text)
        elif tag == TAG_CTRL_HEADER and payload[:4] == struct.pack("<I", CTRL_TABLE):
            self.tables.append(_Table(level))
        elif tag == TAG_TABLE and self.tables:
            self.tables[-1].shape(payload)
        elif tag == TAG_LIST_HEADER and self.tables and level == self.tables[-1].level + 1:
            self.tables[-1].new_cell(payload)

    def close(self) -> list[str]:
        """The text parts, with any table still open at the end of the stream."""
        while self.tables:
            self._emit(self.tables.pop().text())
        return self.parts

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self.tables:
            self.tables[-1].add(text)
        else:
            self.parts.append(text)

    def _para_header(self, payload: bytes) -> None:
        shape, style = -1, -1
        if len(payload) >= 11:
            shape, style = struct.unpack_from("<HB", payload, 8)
        self.outline_level = self.outline[shape] if 0 <= shape < len(self.outline) else 0
        known = 0 <= style < len(self.styles)
        name, eng, style_shape = self.styles[style] if known else ("", "", -1)
        if not self.outline_level and 0 <= style_shape < len(self.outline):
            self.outline_level = self.outline[style_shape]
        self.style = (name, eng)


def _stream(ole: olefile.OleFileIO, name: str, compressed: bool) -> bytes:
    raw = ole.openstream(name).read()
    if not compressed:
        return raw
    inflater = zlib.decompressobj(-15)
    try:
        data = inflater.decompress(raw, MAX_STREAM_BYTES)
    except zlib.error as exc:
        raise Rejected("corrupt", f"{name} cannot be decompressed ({exc})") from None
    if inflater.unconsumed_tail:
        raise Rejected("bomb", f"{name} inflates to more than {MAX_STREAM_BYTES // MB} MB")
    if not inflater.eof:
        raise Rejected("corrupt", f"{name} ends in the middle of its compressed data")
    return data


def _utf16(payload: bytes, pos: int) -> tuple[str, int]:
    (count,) = struct.unpack_from("<H", payload, pos)
    end = pos + 2 + 2 * count
    return payload[pos + 2 : end].decode("utf-16-le", errors="replace"), end


def _doc_info(ole: olefile.OleFileIO, compressed: bool) -> tuple[list[int], list[Any]]:
    """Outline level (1-based, 0 = none) per paragraph shape; (name, engName, shape) per style."""
    outline: list[int] = []
    styles: list[tuple[str, str, int]] = []
    if not ole.exists("DocInfo"):
        return outline, styles
    for tag, _level, payload in records(_stream(ole, "DocInfo", compressed)):
        try:
            if tag == TAG_PARA_SHAPE:
                (props,) = struct.unpack_from("<I", payload, 0)
                is_outline = (props >> 23) & 0x3 == 1
                outline.append(((props >> 25) & 0x7) + 1 if is_outline else 0)
            elif tag == TAG_STYLE:
                name, pos = _utf16(payload, 0)
                eng, pos = _utf16(payload, pos)
                styles.append((name, eng, struct.unpack_from("<H", payload, pos + 4)[0]))
        except struct.error:  # a short record: keep the list positions, lose only the heading
            if tag == TAG_PARA_SHAPE:
                outline.append(0)
            else:
                styles.append(("", "", -1))
    return outline, styles


def _check(ole: olefile.OleFileIO) -> int:
    """The FileHeader flags, after refusing encrypted, DRM and non-5.x documents."""
    if not ole.exists("FileHeader"):
        raise Rejected("corrupt", "no FileHeader stream")
    header = ole.openstream("FileHeader").read(256)
    if len(header) < 40 or not header.startswith(SIGNATURE):
        raise Rejected("corrupt", "the FileHeader has no HWP signature")
    version, flags = struct.unpack_from("<II", header, 32)
    if flags & (FLAG_PASSWORD | FLAG_CERT):
        raise Rejected("encrypted", "password")
    if flags & (FLAG_DISTRIBUTION | FLAG_DRM):
        raise Rejected("drm", "distribution document")
    if version >> 24 != 5:
        raise Rejected("version", f"HWP format version {version >> 24} is not supported")
    return flags


def _parse(path: str) -> dict[str, Any]:
    with open(path, "rb") as file:
        head = file.read(32)
    if head.startswith(SIGNATURE):
        raise Rejected("version", "an HWP 3 (or older) file, which is not supported")
    if head.startswith(b"PK"):
        raise Rejected("corrupt", "an HWPX (zip) file named .hwp: rename it to .hwpx")
    if not head.startswith(OLE_MAGIC):
        raise Rejected("corrupt", "not an OLE compound file")
    with olefile.OleFileIO(path) as ole:
        compressed = bool(_check(ole) & FLAG_COMPRESSED)
        outline, styles = _doc_info(ole, compressed)
        names = [e for e in ole.listdir() if len(e) == 2 and e[0] == "BodyText"]
        numbered = sorted((int(e[1][7:]), e) for e in names if e[1][7:].isdigit())
        if not numbered:
            raise Rejected("corrupt", "no BodyText/Section streams")
        parts: list[str] = []
        for _, entry in numbered:
            section = _Section(outline, styles)
            for record in records(_stream(ole, "/".join(entry), compressed)):
                section.feed(*record)
            parts.extend(section.close())
    return {"status": "ok", "parts": parts, "title": "", "warnings": []}


def parse_hwp(path: str) -> dict[str, Any]:
    """Child side: text parts of an HWP 5 file, or an error kind and a short reason."""
    try:
        return _parse(path)
    except Rejected as exc:
        return exc.result()
    except MemoryError:
        raise
    except Exception as exc:  # olefile and struct errors: a damaged file, never a crash
        return Rejected("corrupt", " ".join(f"{type(exc).__name__}: {exc}".split())[:200]).result()


def load_hwp(path: Path, source: str) -> Document:
    """Load an HWP 5 file as one Markdown-like block (call it through load_file's sandbox)."""
    return load_hangul(path, source, "hwp")
