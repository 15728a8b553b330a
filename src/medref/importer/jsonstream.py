"""Reading openFDA JSON one label record at a time, from a file or a zip member.

An openFDA bulk file is one JSON object, ``{"meta": …, "results": [record, …]}``, of up to a
few hundred MB. ``records`` yields the records one by one, decoding each with the standard
library's decoder from a sliding buffer, so memory holds one record (at most
``MAX_RECORD_CHARS``), not the file. A single record object (no ``results``) and a plain
array of records are accepted too.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, Protocol

CHUNK = 1 << 20
MAX_RECORD_CHARS = 64 << 20
_WHITESPACE = " \t\r\n"


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class JSONProblem(Exception):
    """Invalid or truncated JSON; ``records_read`` records came before it."""


class _Reader:
    def __init__(self, stream: Readable, progress: Any = None) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.json = json.JSONDecoder()
        self.progress = progress  # called with the number of bytes read

    def _more(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        raw = self.stream.read(size)
        if self.progress is not None and raw:
            self.progress(len(raw))
        if self.pos > CHUNK:  # drop what was consumed
            self.buf = self.buf[self.pos :]
            self.pos = 0
        try:
            if not raw:
                self.eof = True
                self.buf += self.decoder.decode(b"", final=True)
                return False
            if not self.buf and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            self.buf += self.decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise JSONProblem(f"not UTF-8 text ({exc.reason})") from None
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            where = f"found {found!r}" if found else "the file ends"
            raise JSONProblem(f"expected {char!r} but {where}: truncated or not JSON")
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading more until it is complete."""
        self.peek()
        size = CHUNK
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise JSONProblem(f"truncated or invalid JSON ({exc.msg})") from None
                if len(self.buf) - self.pos > MAX_RECORD_CHARS:
                    raise JSONProblem(f"invalid JSON or a record over 64 MB ({exc.msg})") from None
                self._more(size)
                size = min(size * 2, 16 * CHUNK)
                continue
            if end == len(self.buf) and not self.eof and not isinstance(value, (dict, list, str)):
                self._more()  # a number at the end of the buffer may go on
                continue
            self.pos = end
            return value


def records(stream: Readable, progress: Any = None) -> Iterator[Any]:
    """The label records in an openFDA JSON document; ``JSONProblem`` when it breaks off."""
    reader = _Reader(stream, progress)
    first = reader.peek()
    if first == "[":
        yield from _array(reader)
        return
    if first != "{":
        raise JSONProblem("not JSON" if first else "empty file")
    reader.pos += 1
    top: dict[str, Any] = {}
    saw_results = False
    while True:
        char = reader.peek()
        if char == "}":
            reader.pos += 1
            break
        if char != '"':
            raise JSONProblem("truncated or not JSON (expected a key)")
        key = reader.value()
        reader.expect(":")
        if key == "results" and reader.peek() == "[":
            saw_results = True
            yield from _array(reader)
        else:
            top[key] = reader.value()
        char = reader.peek()
        if char == ",":
            reader.pos += 1
        elif char != "}":
            raise JSONProblem("truncated or not JSON (expected ',' or '}')")
    if not saw_results:
        yield top  # one label record on its own


def _array(reader: _Reader) -> Iterator[Any]:
    reader.expect("[")
    if reader.peek() == "]":
        reader.pos += 1
        return
    while True:
        yield reader.value()
        char = reader.peek()
        if char == ",":
            reader.pos += 1
        elif char == "]":
            reader.pos += 1
            return
        else:
            raise JSONProblem("truncated or not JSON (expected ',' or ']')")
