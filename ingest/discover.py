"""Find the files to ingest: walk the given paths, honour `.ingestignore`, check size and type.

Every path is resolved before it is read: a link that leads outside the corpus folder, a link
loop, a dangling link and anything that is not a regular file (FIFO, socket, device) is refused
with a reason, and files are opened with `ingest.limits.open_regular`, which never blocks on a
FIFO. A path given explicitly outside the corpus folder is read when it is a regular file; the
files under such a folder must stay inside it.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import LoadError
from ingest.limits import file_kind, is_unsafe_char, open_regular, read_regular, shown

IGNORE_FILE = ".ingestignore"
_IGNORE_MAX_BYTES = 1_048_576


@dataclass
class SourceFile:
    """A file found on disk, with the key it is indexed under and its content hash."""

    path: Path
    source: str  # POSIX path relative to the corpus root's parent ("corpus/vouchers/x.md")
    sha256: str
    size: int
    mtime: float = 0.0  # seconds since the epoch; breaks ties between files claiming one doc_id


@dataclass
class Failure:
    """A file that could not be ingested, and why (a sentence a person can act on)."""

    path: str
    error: str


def source_key(path: Path, corpus_root: Path) -> str:
    """The stable name of a file in the index: relative to the corpus root's parent if inside."""
    path, root = path.resolve(), corpus_root.resolve()
    if path.is_relative_to(root):
        return path.relative_to(root.parent).as_posix()
    return path.as_posix()


def read_ignore(corpus_root: Path) -> list[str]:
    """Glob patterns from `<corpus>/.ingestignore` (one per line, `#` comments).

    The file is read only when it is a regular file inside the corpus folder.
    """
    file = corpus_root / IGNORE_FILE
    try:
        resolved = file.resolve(strict=True)
        if not resolved.is_relative_to(corpus_root.resolve()):
            return []
        text = read_regular(resolved, _IGNORE_MAX_BYTES).decode("utf-8", "replace")
    except (OSError, RuntimeError, LoadError):
        return []
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_ignored(rel: str, patterns: list[str]) -> bool:
    """Whether a corpus-relative POSIX path matches an ignore pattern (`**/` may match nothing)."""
    for pat in patterns:
        if fnmatch.fnmatch(rel, pat) or (pat.startswith("**/") and fnmatch.fnmatch(rel, pat[3:])):
            return True
    return False


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, as written (links not followed), lies under `folder` (as written or real)."""
    plain = Path(os.path.abspath(path))
    return plain.is_relative_to(Path(os.path.abspath(folder))) or plain.is_relative_to(
        folder.resolve())


def _resolve(path: Path) -> Path | Failure:
    """The real path of `path`, or why it has none (link loop, dangling link, unreadable)."""
    try:
        return path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a link loop this way
        return Failure(shown(str(path)), "symbolic link loop: fix or remove the link")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Failure(shown(str(path)), "symbolic link loop: fix or remove the link")
        if path.is_symlink():
            return Failure(shown(str(path)), (
                f"dangling link to {shown(os.readlink(path))!r}: the file it points to does not "
                "exist; fix or remove the link"))
        return Failure(shown(str(path)), f"cannot be opened ({exc.strerror}): check the path")


class _Finder:
    """One discovery run: the corpus root, its ignore patterns, what was found and refused."""

    def __init__(self, corpus_root: Path, supported: frozenset[str], max_file_mb: float) -> None:
        self.corpus_root, self.root = corpus_root, corpus_root.resolve()
        self.patterns = read_ignore(corpus_root)
        self.supported, self.max_file_mb = supported, max_file_mb
        self.files: dict[str, SourceFile] = {}
        self.failures: list[Failure] = []

    def given(self, given: Path) -> None:
        """Check one path named by the caller, then every file under it."""
        if not os.path.lexists(given):
            self.failures.append(
                Failure(shown(str(given)), "no such file or folder: check the path"))
            return
        fence = self.root if _inside(given, self.corpus_root) else None
        real = self._real(given, fence)
        if real is None:
            return
        if not real.is_dir():
            self._file(given, real)
            return
        fence = fence or real  # under a folder outside the corpus, files stay inside that folder
        for folder, dirs, files in os.walk(given, onerror=self._walk_error):
            here = Path(folder)
            for name in sorted(d for d in dirs if (here / d).is_symlink()):
                self._linked_folder(here / name, fence)
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
            for name in sorted(f for f in files if not f.startswith(".")):
                path = here / name
                real = self._real(path, fence)
                if real is not None:
                    self._file(path, real)

    def _walk_error(self, exc: OSError) -> None:
        self.failures.append(Failure(
            shown(str(exc.filename)), f"folder cannot be read ({exc.strerror}): check permissions"))

    def _ignored(self, path: Path) -> bool:
        """Whether `path` (as written, made absolute; links not followed) is ignored."""
        plain = Path(os.path.abspath(path))
        for base in (Path(os.path.abspath(self.corpus_root)), self.root):
            if plain.is_relative_to(base) and is_ignored(
                    plain.relative_to(base).as_posix(), self.patterns):
                return True
        return False

    def _real(self, path: Path, fence: Path | None) -> Path | None:
        """The real path of `path` when it may be read, else None (a failure is recorded)."""
        if self._ignored(path):
            return None
        real = _resolve(path)
        if isinstance(real, Failure):
            self.failures.append(real)
            return None
        if self._ignored(real):
            return None
        if fence is not None and not real.is_relative_to(fence):
            where = "the corpus folder" if fence == self.root else "the folder being ingested"
            self.failures.append(Failure(shown(str(path)), (
                f"link to {shown(str(real))!r}, outside {where}: nothing outside it is read; "
                "copy what you need into the folder instead")))
            return None
        return real

    def _linked_folder(self, path: Path, fence: Path) -> None:
        """Links to folders are not followed; say so when one leads outside or nowhere."""
        if not path.name.startswith("."):
            self._real(path, fence)  # records a loop, a dangling link or an outside target

    def _file(self, path: Path, real: Path) -> None:
        failure = self._refuse(path, real)
        if failure:
            self.failures.append(failure)
            return
        key = source_key(path, self.corpus_root)
        try:
            self.files[key] = _hash(path, real, key)
        except (OSError, LoadError) as exc:
            reason = str(exc) if isinstance(exc, LoadError) else f"cannot be read ({exc.strerror})"
            self.failures.append(Failure(shown(str(path)), f"{reason}: check the file"))

    def _refuse(self, path: Path, real: Path) -> Failure | None:
        name = shown(str(path))
        if any(is_unsafe_char(ch) for ch in source_key(path, self.corpus_root)):
            return Failure(name, "the file or folder name contains control characters or bytes "
                                 "that are not UTF-8: rename it")
        mode = real.stat().st_mode
        if not stat.S_ISREG(mode):
            return Failure(name, f"is a {file_kind(mode)}, not a regular file: only regular "
                                 f"files are read; remove it or list it in {IGNORE_FILE}")
        suffix = path.suffix.lower()
        if suffix not in self.supported:
            kinds = ", ".join(sorted(self.supported))
            return Failure(name, (
                f"unsupported file type {shown(suffix) or '(no extension)'!r}: convert it to one "
                f"of {kinds}, or list it in {IGNORE_FILE}"))
        size_mb = real.stat().st_size / 1_048_576
        if size_mb > self.max_file_mb:
            return Failure(name, (
                f"file is {size_mb:.1f} MB, over the {self.max_file_mb:g} MB limit: split it, or "
                "raise ASSISTANT_MAX_FILE_MB"))
        return None


def _hash(path: Path, real: Path, key: str) -> SourceFile:
    digest, size = hashlib.sha256(), 0
    fd = open_regular(real)
    with os.fdopen(fd, "rb") as file:
        mtime = os.fstat(file.fileno()).st_mtime
        while block := file.read(1_048_576):
            digest.update(block)
            size += len(block)
    return SourceFile(path, key, digest.hexdigest(), size, mtime)


def discover(
    paths: list[Path], corpus_root: Path, supported: frozenset[str], max_file_mb: float
) -> tuple[list[SourceFile], list[Failure]]:
    """Files under `paths` to ingest, and the ones refused before loading (type, size, links)."""
    finder = _Finder(corpus_root, supported, max_file_mb)
    for given in paths:
        finder.given(given)
    return list(finder.files.values()), finder.failures
