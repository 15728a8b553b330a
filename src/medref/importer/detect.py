"""Finding the labels in the files named: by content, not by extension.

A file (or zip member) is a zip when it starts with a zip signature, gzip with gzip's, XML
when its first character is ``<``, JSON when it is ``{`` or ``[``. Zips are read member by
member (the central directory first, then one member at a time), and a zip inside a zip
(DailyMed's full release: a zip of per-label zips) one level deep. A problem with one file
or member is yielded as an ``ImportProblem`` and the walk goes on with the next.

Memory: one label's XML at a time (a per-label zip at most, read whole so it can be opened);
JSON is streamed record by record (``jsonstream``).
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
from . import zipstream
from .jsonstream import JSONProblem, Readable, records
from .label import ImportProblem

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
GZIP_MAGIC = b"\x1f\x8b"
MAX_XML = 256 << 20
MAX_NESTED_ZIP_IN_MEMORY = 256 << 20
# Members that are never labels (DailyMed zips hold the label's images).
SKIP_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".pdf", ".svg")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)


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
        name = str(path)
        start = self.done
        try:
            size = path.stat().st_size
            with path.open("rb") as stream:
                head = stream.read(64)
                stream.seek(0)
                if head.startswith(ZIP_MAGIC):
                    yield from self._big_zip(stream, name, start)
                else:
                    yield from self._stream(stream, name, head, size, outer=True)
        except PermissionError as exc:
            yield ImportProblem(name, f"cannot read: {exc.strerror or exc}")
        except IsADirectoryError:
            yield ImportProblem(name, "is a folder")
        except OSError as exc:
            yield ImportProblem(name, f"cannot read: {exc.strerror or exc}")
        else:
            self.done = start + size  # zip members and JSON count as they are read

    def _stream(
        self, stream: Readable, origin: str, head: bytes, size: int, *, outer: bool
    ) -> Iterator[Document | ImportProblem]:
        """A file or member that is not a zip: gzip, XML or JSON."""
        if head.startswith(GZIP_MAGIC):
            with gzip.GzipFile(fileobj=cast(IO[bytes], stream), mode="rb") as unzipped:
                try:
                    inner_head = bytes(unzipped.peek(64))[:64]
                except (OSError, EOFError, zlib.error) as exc:
                    yield ImportProblem(origin, f"not a readable gzip file ({exc})")
                    return
                yield from self._stream(unzipped, origin, inner_head, 0, outer=False)
            return
        kind = sniff(head)
        if kind == "xml":
            if size > MAX_XML:
                yield ImportProblem(origin, f"too large for one label ({size >> 20} MB)")
                return
            data = stream.read(MAX_XML + 1)
            if len(data) > MAX_XML:
                yield ImportProblem(origin, "too large for one label (over 256 MB)")
                return
            yield Document(origin, "xml", data)
        elif kind == "json":
            count = 0

            def advanced(nbytes: int) -> None:
                if outer:
                    self.done += nbytes

            try:
                for record in records(stream, advanced if outer else None):
                    count += 1
                    yield Document(f"{origin}#{count}", "record", record)
            except JSONProblem as exc:
                after = f" (after {count} record{'s' if count != 1 else ''})" if count else ""
                yield ImportProblem(origin, f"{exc}{after}")
        else:
            yield ImportProblem(origin, "not an XML, JSON or zip file")

    def _zip(
        self, source: IO[bytes], origin: str, *, depth: int, skip: int = 0
    ) -> Iterator[Document | ImportProblem]:
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            yield ImportProblem(origin, f"not a readable zip file, truncated? ({exc})")
            return
        with archive:
            for info in archive.infolist()[skip:]:
                if info.is_dir() or info.filename.startswith("__MACOSX/"):
                    continue
                member = f"{origin}:{info.filename}"
                if info.filename.lower().endswith(SKIP_SUFFIXES):
                    continue
                try:
                    yield from self._member(archive, info, member, depth)
                except _READ_ERRORS as exc:
                    yield ImportProblem(member, f"cannot read this zip member, truncated? ({exc})")
                if depth == 0:
                    self.done += info.compress_size

    def _big_zip(
        self, stream: IO[bytes], origin: str, start: int
    ) -> Iterator[Document | ImportProblem]:
        """A zip file, read from its local headers (``zipstream``): memory stays flat
        however many members it has. Archives that reader does not handle go to
        ``zipfile``, from the member where it stopped."""
        seen = 0
        try:
            for member in zipstream.members(stream):
                seen += 1
                if member.name.endswith("/") or member.name.startswith("__MACOSX/"):
                    continue
                if member.name.lower().endswith(SKIP_SUFFIXES):
                    continue
                yield from self._member_data(
                    member.stream, f"{origin}:{member.name}", member.size, depth=0
                )
                self.done = start + stream.tell()
        except zipstream.Unsupported:
            stream.seek(0)
            yield from self._zip(stream, origin, depth=0, skip=seen)
            return
        except zipstream.Truncated as exc:
            yield ImportProblem(origin, f"truncated or damaged zip file ({exc})")
            return
        if not _has_end_record(stream):
            yield ImportProblem(
                origin, "truncated zip file: its end is missing (the members before it were read)"
            )

    def _member(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str, depth: int
    ) -> Iterator[Document | ImportProblem]:
        with archive.open(info) as stream:
            yield from self._member_data(stream, member, info.file_size, depth)

    def _member_data(
        self, stream: Readable, member: str, size: int, depth: int
    ) -> Iterator[Document | ImportProblem]:
        head = stream.read(64)
        if head.startswith(ZIP_MAGIC):
            if depth >= 1:
                yield ImportProblem(member, "a zip inside a zip inside a zip: not read")
                return
            if size > MAX_NESTED_ZIP_IN_MEMORY:
                yield ImportProblem(
                    member, f"a zip inside a zip too large to read ({size >> 20} MB)"
                )
                return
            # Opened where it is converted (a worker process, for large imports): inflating
            # and reading it is a good part of the work.
            yield Document(member, "zip", head + stream.read())
            return
        yield from self._stream(_Prefixed(head, stream), member, head, size, outer=False)


def _has_end_record(stream: IO[bytes]) -> bool:
    """Whether a zip ends with its end-of-central-directory record (within its last 64 KB:
    the record, and a comment of at most 65,535 bytes)."""
    try:
        size = stream.seek(0, 2)
        stream.seek(max(0, size - 65_557))
        tail = stream.read()
    except OSError:
        return True
    return zipstream.END in tail


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
