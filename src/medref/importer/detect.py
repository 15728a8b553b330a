"""Finding the labels in the files named: by content, not by extension.

A file (or zip member) is a zip when it starts with a zip signature, gzip with gzip's, XML
when its first character is ``<``, JSON when it is ``{`` or ``[``. Zips are read with the
standard library's ``zipfile``, member by member, and a zip inside a zip (DailyMed's full
release: a zip of per-label zips) one level deep. A problem with one file or member is
yielded as an ``ImportProblem`` and the walk goes on with the next.

Bombs are refused before they are inflated, and cost nothing to skip: a member whose
declared size is over the limit, or whose declared compression ratio no label has
(``MAX_RATIO``), is never read; a member or gzip stream that inflates past its limit, or
past that ratio of what was read of it, stops there. ``zipfile`` was measured against the
hand-written local-header reader it replaced, in one run of ``bench/readers.py``: on a
release of 10,000 per-label zips the hand code was faster and leaner (0.21 s and 14 MiB vs
0.33 s and 18 MiB: 0.12 s per 10,000 labels, small beside the ~40 s of converting them),
but it inflated a rejected member in full just to skip it (a 2 GB member of zeros: still
running after 120 s, where ``zipfile`` refuses it in 0.06 s). Safety decides: the
standard library, battle-tested on malformed archives, reads every zip now.

Memory: one label's XML at a time (a per-label zip at most, read whole so it can be
opened); JSON is streamed record by record (``jsonstream``).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..paths import unreadable
from ..textutil import printable_path
from .jsonstream import JSONProblem, Readable, records
from .label import ImportProblem

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
GZIP_MAGIC = b"\x1f\x8b"
MAX_XML = 256 << 20  # the largest real SPL is a few MB
MAX_NESTED_ZIP = 256 << 20  # a per-label zip (XML and images), read into memory
MAX_JSON = 4 << 30  # an openFDA bulk part is a few hundred MB
# Labels compress about 10:1 (XML) to 20:1 (JSON); 2 GB of zeros compresses 1000:1.
MAX_RATIO = 100
RATIO_SLACK = 1 << 20  # small members may compress better; the ratio counts beyond this
# Members that are never labels (DailyMed zips hold the label's images).
SKIP_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".pdf", ".svg")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)


class Bomb(Exception):
    """A compressed input that inflates past what any label could be."""


@dataclass
class Document:
    origin: str  # "file.xml", "release.zip:inner.zip:label.xml", "bulk.json#12"
    kind: str  # "xml" | "record" | "zip" (a zip in a zip, read by ``expand``)
    payload: Any  # the XML's bytes, the decoded JSON record, or the inner zip's bytes


class Walker:
    """Yields the documents in the inputs; ``done`` counts input bytes finished."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.done = 0
        self.total = 0
        for path in paths:
            with contextlib.suppress(OSError):
                self.total += sum(p.stat().st_size for p in _files(path))

    def __iter__(self) -> Iterator[Document | ImportProblem]:
        for path in self.paths:
            problem = unreadable(path)
            if problem:
                yield ImportProblem(printable_path(path, 80), problem)
                continue
            for file in _files(path):
                yield from self._file(file)

    def _file(self, path: Path) -> Iterator[Document | ImportProblem]:
        name = printable_path(path)
        start = self.done
        try:
            size = path.stat().st_size
            if not path.is_file():
                yield ImportProblem(name, "not a regular file")
                return
            with path.open("rb") as stream:
                head = stream.read(64)
                stream.seek(0)
                if head.startswith(ZIP_MAGIC):
                    yield from self._zip(stream, name, depth=0)
                else:
                    yield from self._stream(stream, name, head, size, outer=True)
        except PermissionError as exc:
            yield ImportProblem(name, f"cannot read: {exc.strerror or exc}")
        except IsADirectoryError:
            yield ImportProblem(name, "is a folder")
        except OSError as exc:
            yield ImportProblem(name, f"cannot read: {exc.strerror or exc}")
        finally:
            self.done = start + _size(path)

    def _stream(
        self, stream: Readable, origin: str, head: bytes, size: int, *, outer: bool
    ) -> Iterator[Document | ImportProblem]:
        """A file or member that is not a zip: gzip, XML or JSON."""
        if head.startswith(GZIP_MAGIC):
            raw = cast(IO[bytes], stream)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                try:
                    inner_head = bytes(unzipped.peek(64))[:64]
                except (OSError, EOFError, zlib.error) as exc:
                    yield ImportProblem(origin, f"not a readable gzip file ({exc})")
                    return
                bounded = _Bounded(unzipped, origin, MAX_JSON, raw)
                yield from self._stream(bounded, origin, inner_head, 0, outer=False)
            return
        kind = sniff(head)
        if kind == "xml":
            yield from self._xml(stream, origin, size)
        elif kind == "json":
            count = 0

            def advanced(nbytes: int) -> None:
                self.done += nbytes

            try:
                for record in records(stream, advanced if outer else None):
                    count += 1
                    yield Document(f"{origin}#{count}", "record", record)
            except (JSONProblem, Bomb) as exc:
                after = f" (after {count} record{'s' if count != 1 else ''})" if count else ""
                yield ImportProblem(origin, f"{exc}{after}")
        else:
            yield ImportProblem(origin, "not an XML, JSON or zip file")

    def _xml(self, stream: Readable, origin: str, size: int) -> Iterator[Document | ImportProblem]:
        if size > MAX_XML:
            yield ImportProblem(origin, f"too large for one label ({size >> 20} MB)")
            return
        try:
            data = stream.read(MAX_XML + 1)
        except Bomb as exc:
            yield ImportProblem(origin, str(exc))
            return
        if len(data) > MAX_XML:
            yield ImportProblem(origin, "too large for one label (over 256 MB)")
            return
        yield Document(origin, "xml", data)

    def _zip(
        self, source: IO[bytes], origin: str, *, depth: int
    ) -> Iterator[Document | ImportProblem]:
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            yield ImportProblem(origin, f"not a readable zip file, truncated? ({exc})")
            return
        with archive:
            for info in archive.infolist():
                if info.is_dir() or info.filename.startswith("__MACOSX/"):
                    continue
                member = f"{origin}:{printable_path(info.filename)}"
                if info.filename.lower().endswith(SKIP_SUFFIXES):
                    continue
                refused = _refused(info)
                if refused:
                    yield ImportProblem(member, refused)
                    continue
                try:
                    with archive.open(info) as stream:
                        yield from self._member(stream, member, info.file_size, depth)
                except _READ_ERRORS as exc:
                    yield ImportProblem(member, f"cannot read this zip member, truncated? ({exc})")
                if depth == 0:
                    self.done += info.compress_size

    def _member(
        self, stream: Readable, member: str, size: int, depth: int
    ) -> Iterator[Document | ImportProblem]:
        head = stream.read(64)
        if head.startswith(ZIP_MAGIC):
            if depth >= 1:
                yield ImportProblem(member, "a zip inside a zip inside a zip: not read")
                return
            # Opened where it is converted (a worker process, for large imports): inflating
            # and reading it is a good part of the work.
            yield Document(member, "zip", head + stream.read(MAX_NESTED_ZIP))
            return
        yield from self._stream(_Prefixed(head, stream), member, head, size, outer=False)


def _refused(info: zipfile.ZipInfo) -> str:
    """Why a zip member is not read at all: its declared size or compression ratio (a
    member's XML is held to ``MAX_XML`` once it is known to be XML)."""
    limit = MAX_NESTED_ZIP if info.filename.lower().endswith(".zip") else MAX_JSON
    if info.file_size > limit:
        return f"refused: declares {info.file_size >> 20} MB inflated, over any label"
    if info.file_size > RATIO_SLACK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"refused: a zip bomb? {info.compress_size} bytes inflate to "
            f"{info.file_size >> 20} MB (over {MAX_RATIO}:1)"
        )
    return ""


class _Bounded:
    """A decompressing stream that stops at ``limit`` bytes, or past ``MAX_RATIO`` times
    what was read of the compressed ``source`` (a gzip bomb stops after a few MB)."""

    def __init__(self, stream: Readable, origin: str, limit: int, source: IO[bytes] | None):
        self.stream = stream
        self.origin = origin
        self.limit = limit
        self.source = source
        self.start = _tell(source)
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise Bomb(f"refused: inflates past {self.limit >> 20} MB")
        if self.source is not None and self.count > RATIO_SLACK:
            packed = max(_tell(self.source) - self.start, 1)
            if self.count > MAX_RATIO * packed:
                raise Bomb(f"refused: a compression bomb? over {MAX_RATIO}:1")
        return data

    def peek(self, size: int = 0) -> bytes:
        return cast(Any, self.stream).peek(size)  # type: ignore[no-any-return]


def _tell(stream: Any) -> int:
    """How far a stream has been read (a zip member's compressed bytes), or 0."""
    try:
        return int(stream.tell())
    except (AttributeError, OSError, ValueError):
        return 0


def expand(document: Document) -> Iterator[Document | ImportProblem]:
    """The documents in a zip found inside a zip."""
    yield from Walker([])._zip(io.BytesIO(document.payload), document.origin, depth=1)


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (zip members cannot seek cheaply)."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size is None or size < 0:
                data, self.head = self.head + self.rest.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            if len(data) < size:
                data += self.rest.read(size - len(data))
            return data
        return self.rest.read(-1 if size is None else size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return _tell(self.rest)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _files(path: Path) -> list[Path]:
    """A file, or the files in a folder and its sub-folders (not hidden ones). Symbolic
    links to folders are not followed (a link loop would never end); a file's link is."""
    try:
        folder = path.is_dir()
    except OSError:
        folder = False
    if not folder:
        return [path]
    found: list[Path] = []
    for root, dirs, names in os.walk(path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root, n) for n in names if not n.startswith(".")]
    return sorted(found)


def sniff(head: bytes) -> str:
    """'xml', 'json' or '' from a file's first bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml" if head[2:].replace(b"\x00", b"").lstrip().startswith(b"<") else ""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json"
    return ""
