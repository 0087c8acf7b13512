"""Zip checks shared by the archive formats (DOCX, HWPX), made before anything is inflated.

The standard library's zipfile reads the central directory; its declared sizes bound what a
later read can inflate (zipfile stops at the declared size and fails the CRC on a lie), so
entry count, total size, per-part size and compression ratio can be checked up front.
"""

from __future__ import annotations

import zipfile
from typing import Any

MB = 1024 * 1024
MAX_ENTRIES = 5_000  # parts in one archive
MAX_TOTAL_BYTES = 512 * MB  # declared uncompressed size of all parts together
MAX_PART_BYTES = 64 * MB  # one XML part (markup and text) we parse
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1 * MB
_XML = (".xml", ".rels", ".hpf")


class Rejected(Exception):
    """A file the child refuses: an error kind ("bomb", "corrupt", ...) and a short reason."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason

    def result(self) -> dict[str, Any]:
        """The plain error result of a parse function."""
        return {"status": "error", "kind": self.kind, "reason": self.reason}


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs (entry count, total size, XML part size, ratio) and encrypted parts."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Rejected("bomb", f"{len(infos)} parts, over the limit of {MAX_ENTRIES}")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise Rejected(
            "bomb", f"{total // MB} MB uncompressed, over the {MAX_TOTAL_BYTES // MB} MB limit"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise Rejected("encrypted", f"part {info.filename} is encrypted")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise Rejected(
                "bomb",
                f"part {info.filename} is compressed {ratio:.0f}:1 "
                f"({info.file_size // MB} MB uncompressed), over the {MAX_RATIO}:1 limit",
            )
        if info.filename.lower().endswith(_XML) and info.file_size > MAX_PART_BYTES:
            raise Rejected(
                "bomb",
                f"part {info.filename} is {info.file_size // MB} MB uncompressed, "
                f"over the {MAX_PART_BYTES // MB} MB limit for one part",
            )


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of one part, never more than MAX_PART_BYTES whatever its header claims."""
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise Rejected("bomb", f"part {name} is over {MAX_PART_BYTES // MB} MB")
    with archive.open(info) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:  # a header that lies about the size
        raise Rejected("bomb", f"part {name} is over {MAX_PART_BYTES // MB} MB")
    return data


def out_of_memory(exc: Exception) -> bool:
    """Whether a libxml2 (lxml) error is really the memory limit: it reports no MemoryError."""
    text = str(exc).lower()
    return "memory allocation failed" in text or text.startswith("unknown error")


def bomb_message(reason: str, label: str, app: str) -> str:
    """The LoadError text for an archive refused by check_archive."""
    return (
        f"rejected before parsing ({reason}): the {label} file may be a decompression bomb "
        f"(a zip bomb?); check it or re-save it from {app}"
    )
