"""Reading a large zip member by member, from its local headers, in constant memory.

``zipfile`` reads a zip's whole central directory first: some 500 bytes per member, which
for a DailyMed full release (tens of thousands of per-label zips) is tens of MB before the
first label. Reading the local file headers one after the other instead keeps memory flat.
Only what such archives use is handled here (stored and deflated members, zip64 sizes);
``Unsupported`` tells the caller to read the archive with ``zipfile`` instead.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"
END = b"PK\x05\x06"
END64 = b"PK\x06\x06"
_HEADER = struct.Struct("<HHHHHIIIHH")
CHUNK = 1 << 16


class Unsupported(Exception):
    """A member this reader does not handle (encrypted, sizes after the data, …)."""


class Truncated(Exception):
    """The archive ends in the middle of a member, or has no central directory."""


@dataclass
class Member:
    name: str
    size: int  # uncompressed, as the header says
    compressed: int
    stream: _MemberReader  # the member's data, inflated as it is read


def members(source: IO[bytes]) -> Iterator[Member]:
    """The members in order; each member's ``stream`` must be read (or skipped by going on
    to the next member, which reads the rest of it) before the next one is used."""
    current: _MemberReader | None = None
    while True:
        if current is not None:
            current.drain()
        signature = source.read(4)
        if signature in (CENTRAL, END, END64):
            return
        if signature != LOCAL:
            raise Truncated("the zip ends before its central directory" if not signature
                            else "not a zip member where one should start")  # fmt: skip
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise Truncated("the zip ends inside a member's header")
        _version, flags, method, _t, _d, crc, compressed, size, name_len, extra_len = (
            _HEADER.unpack(header)
        )
        name_bytes = source.read(name_len)
        extra = source.read(extra_len)
        if len(name_bytes) < name_len or len(extra) < extra_len:
            raise Truncated("the zip ends inside a member's header")
        if flags & 0x1:
            raise Unsupported("an encrypted member")
        if flags & 0x8:
            raise Unsupported("sizes written after the data")
        if method not in (0, 8):
            raise Unsupported(f"compression method {method}")
        if compressed == 0xFFFFFFFF or size == 0xFFFFFFFF:
            size, compressed = _zip64(extra, size, compressed)
        name = name_bytes.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        current = _MemberReader(source, method, compressed, crc, name)
        yield Member(name, size, compressed, current)


def _zip64(extra: bytes, size: int, compressed: int) -> tuple[int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        if tag == 0x0001:
            values = extra[pos + 4 : pos + 4 + length]
            index = 0
            if size == 0xFFFFFFFF and len(values) >= index + 8:
                (size,) = struct.unpack_from("<Q", values, index)
                index += 8
            if compressed == 0xFFFFFFFF and len(values) >= index + 8:
                (compressed,) = struct.unpack_from("<Q", values, index)
            return size, compressed
        pos += 4 + length
    raise Unsupported("zip64 sizes missing")


class _MemberReader:
    """A file-like view of one member: reads its compressed bytes and inflates them."""

    def __init__(self, source: IO[bytes], method: int, compressed: int, crc: int, name: str):
        self.source = source
        self.left = compressed
        self.inflate = zlib.decompressobj(-15) if method == 8 else None
        self.pending = b""
        self.crc = 0
        self.expected = crc
        self.name = name
        self.done = False

    def _fill(self) -> bool:
        """Inflate more into ``pending``; False at the member's end."""
        while not self.pending:
            if self.left == 0:
                if self.inflate is not None and not self.done:
                    self.pending = self.inflate.flush()
                    self.done = True
                    if self.pending:
                        break
                return False
            raw = self.source.read(min(CHUNK, self.left))
            if not raw:
                raise Truncated(f"the zip ends inside {self.name}")
            self.left -= len(raw)
            if self.inflate is None:
                self.pending = raw
            else:
                try:
                    self.pending = self.inflate.decompress(raw)
                except zlib.error as exc:
                    raise Truncated(f"{self.name} is damaged ({exc})") from None
        return True

    def read(self, size: int = -1, /) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else -1
        while wanted != 0 and self._fill():
            if wanted < 0 or len(self.pending) <= wanted:
                chunk, self.pending = self.pending, b""
            else:
                chunk, self.pending = self.pending[:wanted], self.pending[wanted:]
            self.crc = zlib.crc32(chunk, self.crc)
            parts.append(chunk)
            if wanted > 0:
                wanted -= len(chunk)
        data = b"".join(parts)
        if not data and wanted != 0 and self.crc != self.expected:
            raise Truncated(f"{self.name} is damaged (its checksum does not match)")
        return data

    def drain(self) -> None:
        """Skip what was not read: stored members without inflating them."""
        if self.inflate is None and not self.pending:
            while self.left:
                skipped = self.source.read(min(CHUNK, self.left))
                if not skipped:
                    raise Truncated(f"the zip ends inside {self.name}")
                self.left -= len(skipped)
            return
        while self.read(CHUNK):
            pass
