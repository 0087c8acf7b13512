"""What one file may cost the ingest, and how untrusted names and text are made safe to handle.

The limits are plain constants (a file over one is refused or cut, always with a reason): a
document splits into at most MAX_CHUNKS chunks; a run of more than MAX_RUN_CHARS characters
without whitespace (base64, minified data, a pasted blob: never a word of Korean or English
prose) keeps only its first MAX_RUN_CHARS; titles and section labels are shortened; a doc_id
given in metadata must be short and printable; YAML metadata text is at most MAX_YAML_BYTES.
`shown` escapes control characters wherever a file name or a message is reported, so a name
cannot forge report lines; `open_regular` opens regular files only (never a FIFO or a device).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ingest.errors import LoadError
from ingest.models import Chunk, Document

MAX_CHUNKS = 2_000  # chunks per document; more is refused (split the file)
MAX_RUN_CHARS = 200  # characters in a run without whitespace; the rest of the run is cut
MAX_TITLE_CHARS = 200  # a longer title is shortened, with a warning
MAX_SECTION_CHARS = 200  # a longer section label (heading path) is shortened, with a warning
MAX_DOC_ID_CHARS = 200  # a longer doc_id given in front matter or a sidecar is refused
MAX_YAML_BYTES = 64 * 1024  # front matter or sidecar text; more is refused
MAX_MESSAGE_CHARS = 500  # a reported error message is cut to this length

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def is_unsafe_char(ch: str) -> bool:
    """Control, format (bidi overrides), line-separator and surrogate (undecodable) characters."""
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def shown(text: str) -> str:
    """`text` with unsafe characters escaped repr-style (\\n, \\x00, \\u202e, \\udcff)."""
    if not any(is_unsafe_char(ch) for ch in text):
        return text
    return "".join(
        ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        if is_unsafe_char(ch) else ch
        for ch in text
    )


def shown_message(text: str) -> str:
    """A reported error: escaped like `shown`, and cut to MAX_MESSAGE_CHARS."""
    text = shown(text)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with '…' when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cut_long_runs(text: str) -> tuple[str, int]:
    """`text` with every whitespace-free run over MAX_RUN_CHARS cut to its start; runs cut."""
    count = 0

    def cut(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return match.group(0)[:MAX_RUN_CHARS]

    return _LONG_RUN.sub(cut, text), count


def check_doc_id(doc_id: str) -> None:
    """Refuse a doc_id given in metadata that is too long or holds control characters."""
    if any(is_unsafe_char(ch) for ch in doc_id):
        raise LoadError(
            f"doc_id {shown(shorten(doc_id, 60))!r} contains control characters: write it "
            "on one line with letters, digits and - _ / . only"
        )
    if len(doc_id) > MAX_DOC_ID_CHARS:
        raise LoadError(
            f"doc_id is {len(doc_id):,} characters, over the {MAX_DOC_ID_CHARS} limit: give "
            "the file a shorter doc_id in its front matter or sidecar"
        )


def file_kind(mode: int) -> str:
    """A person's name for a file type: 'folder', 'FIFO (named pipe)', 'socket', ..."""
    kinds = [(stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO (named pipe)"),
             (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device")]
    return next((name for test, name in kinds if test(mode)), "special file")


def open_regular(path: Path) -> int:
    """Open `path` for reading only if it is a regular file (never blocks on a FIFO).

    The path is expected to be resolved already: a symbolic link in its last part is refused
    (O_NOFOLLOW), so a file swapped for a link after the checks is not followed.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(path, flags)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise LoadError(f"is a {file_kind(mode)}, not a regular file: only regular files are read")
    return fd


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of regular file `path`; LoadError when it holds more than `max_bytes`."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LoadError(f"is over the {max_bytes // 1024} KB limit for this kind of file")
    return data


def fit_document(doc: Document, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Bring a loaded document within the limits (in place); warnings, or LoadError.

    A doc_id given in metadata is checked; the title is put on one line and shortened to
    MAX_TITLE_CHARS and to a third of a chunk; whitespace-free runs are cut (`cut_long_runs`).
    """
    warnings: list[str] = []
    if doc.metadata.get("doc_id"):
        check_doc_id(doc.doc_id)
    title = " ".join(doc.title.split())
    if len(title) > MAX_TITLE_CHARS:
        warnings.append(f"title is {len(title):,} characters: shortened to {MAX_TITLE_CHARS}")
        title = shorten(title, MAX_TITLE_CHARS)
    while len(title) > 1 and count_tokens(title) > max_tokens // 3:
        title = shorten(title, len(title) * 3 // 4)
    if "title" in doc.metadata or title != doc.title:
        doc.metadata["title"] = title
    cut = 0
    for block in doc.blocks:
        block.text, count = cut_long_runs(block.text)
        cut += count
    if cut:
        warnings.append(
            f"{cut:,} run(s) of more than {MAX_RUN_CHARS} characters without a space (encoded "
            f"data?) cut to their first {MAX_RUN_CHARS} characters"
        )
    return warnings


def fit_chunks(chunks: list[Chunk]) -> list[str]:
    """Refuse a document over MAX_CHUNKS chunks; shorten long section labels (in place)."""
    if len(chunks) > MAX_CHUNKS:
        raise LoadError(
            f"splits into {len(chunks):,} chunks, over the limit of {MAX_CHUNKS:,} per document: "
            "split the file into smaller documents"
        )
    long = [c for c in chunks if len(c.section) > MAX_SECTION_CHARS]
    for chunk in long:
        chunk.section = shorten(" ".join(chunk.section.split()), MAX_SECTION_CHARS)
    if long:
        return [f"{len(long)} section label(s) over {MAX_SECTION_CHARS} characters shortened"]
    return []


def failure_reason(exc: Exception) -> str:
    """The failure message for one file: the LoadError's own, else what went wrong."""
    if isinstance(exc, LoadError):
        return shown_message(str(exc))
    if isinstance(exc, OSError):
        return shown_message(f"cannot be read ({exc.strerror or exc}): check the file")
    return shown_message(
        f"could not be processed ({type(exc).__name__}: {exc}): the file may be malformed or "
        "hostile; check it, and report this error if the file is fine")
