"""Small text helpers shared by the parser, the library and the selectors.

Kept free of imports beyond ``re``, ``unicodedata`` and ``functools``: everything here is on
the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")


class LazyPattern:
    """A regular expression compiled when it is first used, not when its module is imported:
    for the long patterns of modules that a command may import and never need (compiling
    them costs more than the command's other work)."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


def fold(text: str) -> str:
    """Case-fold and strip accents, so that 'Amlodipine', 'AMLODIPINE' and 'amlodipíne' agree."""
    if text.isascii():
        return text.lower()  # the common case, without Unicode decomposition
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    # Label text is mostly ASCII with a few dashes, quotes and signs: test only the
    # characters that are not ASCII (a table of every combining mark would cost a first
    # lookup ~10 ms to build).
    return _NON_ASCII.sub(_unless_combining, decomposed)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _unless_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def name_key(text: str) -> str:
    """The key a drug name is looked up by: folded, every other run of characters one '-'.

    'Insulin Glargine', 'insulin-glargine' and 'insulin_glargine' share the key
    'insulin-glargine', which is also the expected file name stem.
    """
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def words(text: str) -> list[str]:
    """The folded alphanumeric words of a text: 'Multiple Myeloma (Adults)' -> 3 words."""
    return _WORD.findall(fold(text))


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return " ".join(text.split())


# Spans are bounded (a bold label, a link text, an address): without a bound each opening
# marker of a hostile line with no closing one would scan to the end of it, quadratic time.
_LINK = re.compile(r"\[([^\]]{1,400})\]\(([^)\s]{1,400})\)")
# A paragraph longer than any real one (hostile input) only loses its markup characters:
# linear time, where the patterns above would cost their bound times its length.
LONG_PARAGRAPH = 20_000
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,400}?)(?<=\S)\1")
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]{1,400}?)(?<=[^\s*])\*(?![\w*])")
_CODE = re.compile(r"`([^`]{1,400})`")


_MARKUP_CHARS = frozenset("*_`[")


def clean_inline(text: str) -> str:
    """Turn inline Markdown into plain text: emphasis markers go, links keep their address."""
    if _MARKUP_CHARS.isdisjoint(text):
        return squash(text)  # most text has no markup: skip the four patterns
    if len(text) > LONG_PARAGRAPH:
        return squash(text.replace("**", "").replace("__", "").replace("`", ""))
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPH.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    return squash(text)


def gist(text: str, limit: int = 220) -> str:
    """The first sentence of a text, cut at a word boundary when it is long."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'])", text.strip(), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def printable(text: str) -> str:
    """Text safe to echo on one line of a terminal: control characters (an escape sequence
    in a name must not drive the terminal) and bytes that were not UTF-8 shown as escapes."""
    if text.isprintable():
        return text

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", escape, text)  # compiled once, by re


def printable_path(path: object, limit: int = 0) -> str:
    """A path to show in a message: escaped, and shortened in the middle past ``limit``."""
    shown = printable(str(path))
    if limit and len(shown) > limit:
        keep = limit - 1
        shown = shown[: keep * 3 // 4] + "…" + shown[-(keep - keep * 3 // 4) :]
    return shown
