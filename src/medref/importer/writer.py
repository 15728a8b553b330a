"""Writing monographs into the library folder: atomically, never over a file by surprise.

- Each file is written to a temporary file beside it and moved into place (``os.replace``),
  so a reader never sees half a monograph. A new file is linked into place (``os.link``),
  which fails if a file of that name appeared meanwhile: nothing is overwritten without
  ``--force``.
- Several labels of one generic become one monograph (the most recent label's text; the
  other labels' brands added as aliases). What is remembered per monograph written is
  small (its name, aliases and the recency of its label), so memory does not grow with the
  labels read; a monograph whose aliases grew after it was written has its ``aliases``
  line rewritten once, at the end.
- A name or alias belongs to one monograph only across a library (``medref validate``
  checks it): an alias some other monograph of the folder already has is left out.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StorageError
from ..textutil import name_key
from .markdown import ALIASES_LINE, Draft, aliases_line

WRITTEN, MERGED, EXISTS, CONFLICT, BLOCKED = "written", "merged", "exists", "conflict", "blocked"


@dataclass(slots=True)
class _Mine:
    """What is remembered of a monograph this import wrote: a few dozen bytes (its aliases
    are read back from the file when another label of the same generic comes)."""

    effective: str  # interned: labels share dates
    version: int
    dirty: tuple[str, ...] = ()  # aliases to add to the file at the end

    @property
    def recency(self) -> tuple[str, int]:
        return self.effective, self.version


@dataclass
class Outcome:
    status: str  # WRITTEN | MERGED | EXISTS | CONFLICT | BLOCKED
    name: str  # the file's name, "atorvastatin.md"
    detail: str = ""
    replaced: bool = False  # merged, and this label's text replaced an older label's


@dataclass
class Writer:
    """Per-label paths are plain strings: ``pathlib`` interns every path part it parses,
    which would keep every file name of a large import in memory."""

    directory: Path
    force: bool = False
    per_label: bool = False
    mine: dict[str, _Mine] = field(default_factory=dict)  # stem -> written in this run
    existing: set[str] = field(default_factory=set)  # stems there before this run
    # hash(name key) -> the stem of the monograph that has it as an alias (or, for files
    # that were there before, as a title that differs from the file name). Hashes: a
    # 64-bit hash stands for a name in half the memory.
    alias_owner: dict[int, str] = field(default_factory=dict)
    # stem -> why a file of that name cannot be written: a folder, a link, a special file
    # already has the name (never replaced, --force or not)
    blocked: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            entries = [p for p in self.directory.iterdir() if p.suffix == ".md"]
        except OSError as exc:
            raise StorageError(
                f"cannot use {self.directory} as the library folder: {exc.strerror or exc}"
            ) from exc
        self.folder = str(self.directory)
        names = []
        for path in entries:
            kind = _not_a_file(path)
            if kind:
                self.blocked[path.stem.casefold()] = f"{path.name} is {kind}; not replaced"
            else:
                names.append(path)
        for path in names:
            stem = path.stem.casefold()
            self.existing.add(stem)
            for name in _front_names(path):
                key = name_key(name)
                if key and key != stem:
                    self.alias_owner.setdefault(hash(key), stem)

    def path(self, stem: str) -> str:
        return os.path.join(self.folder, f"{stem}.md")

    def owner(self, key: str) -> str | None:
        """The stem of the monograph that answers to this name key, if any."""
        if key in self.mine or key in self.existing:
            return key
        return self.alias_owner.get(hash(key))

    # ------------------------------------------------------------------ adding

    def add(self, draft: Draft) -> Outcome:
        """Write (or merge, or skip) one draft; its temporary file, if any, is used or
        removed."""
        try:
            return self._add(draft)
        finally:
            if draft.temp:
                with contextlib.suppress(OSError):
                    os.unlink(draft.temp)
                draft.temp = ""

    def _add(self, draft: Draft) -> Outcome:
        if self.per_label:
            self._rename_if_taken(draft)
        stem = draft.key
        name = f"{stem}.md"
        if stem in self.blocked:
            return Outcome(BLOCKED, name, self.blocked[stem])
        mine = self.mine.get(stem)
        if mine is not None:
            return self._merge(stem, mine, draft)
        owner = self.alias_owner.get(hash(stem))
        if owner is not None and owner != stem:
            return Outcome(CONFLICT, name, f"its name is an alias of {owner}.md")
        exists = stem in self.existing
        if exists and not self.force:
            return Outcome(EXISTS, name, f"{name} already exists")
        aliases = self._free_aliases(draft.aliases, stem)
        self._install(self.path(stem), draft, aliases, replace=exists)
        effective, version = draft.recency()
        self.mine[stem] = _Mine(sys.intern(effective), version)
        for alias in aliases:
            self.alias_owner[hash(name_key(alias))] = stem
        return Outcome(WRITTEN, name, "replaced" if exists else "", replaced=exists)

    def _merge(self, stem: str, mine: _Mine, draft: Draft) -> Outcome:
        free = self._free_aliases(draft.aliases, stem)
        for alias in free:
            self.alias_owner[hash(name_key(alias))] = stem
        path = self.path(stem)
        written = [*_aliases_in(path), *mine.dirty]
        if draft.recency() > mine.recency:
            # The newer label's text; its brands first, the earlier labels' kept after.
            self._install(path, draft, _unique([*free, *written]), replace=True)
            effective, version = draft.recency()
            mine.effective, mine.version, mine.dirty = sys.intern(effective), version, ()
            return Outcome(MERGED, f"{stem}.md", replaced=True)
        have = {name_key(a) for a in written}
        added = tuple(a for a in _unique(free) if name_key(a) not in have)
        if added:
            mine.dirty += added
        return Outcome(MERGED, f"{stem}.md")

    def _free_aliases(self, aliases: list[str], stem: str) -> list[str]:
        free = []
        for alias in aliases:
            owner = self.owner(name_key(alias))
            if owner is None or owner == stem:
                free.append(alias)
        return free

    def _rename_if_taken(self, draft: Draft) -> None:
        """--per-label: the second label of a generic is 'Atorvastatin (Brand)', then
        'Atorvastatin (Labeler)', then the set id; it never takes another label's name."""
        if draft.key not in self.mine and self.alias_owner.get(hash(draft.key)) in (
            None,
            draft.key,
        ):
            return
        brand = draft.aliases[0] if draft.aliases else ""
        labeler = draft.source.get("labeler", "")
        for suffix in (brand, labeler, draft.set_id[:8], *(str(n) for n in range(2, 1000))):
            if not suffix:
                continue
            title = f"{draft.title} ({suffix})"
            key = name_key(title)
            if self.owner(key) is None:
                draft.title, draft.key = title, key
                # The bare generic name belongs to the first label's monograph.
                draft.aliases = [a for a in draft.aliases if self.owner(name_key(a)) is None]
                return

    # ------------------------------------------------------------------ files

    def _install(self, path: str, draft: Draft, aliases: list[str], *, replace: bool) -> None:
        """Put a draft's file in place: its temporary file when a worker wrote one with
        these aliases and title, else its text."""
        if draft.temp and aliases == draft.aliases and draft.temp_title == draft.title:
            self._place(draft.temp, path, replace=replace)
            draft.temp = ""
            return
        if draft.temp:
            # Other aliases or another title than the worker wrote: rewrite its file.
            temp = draft.temp
            try:
                if not draft.text:
                    with open(temp, encoding="utf-8") as handle:
                        draft.text = handle.read()
                with open(temp, "w", encoding="utf-8", newline="\n") as out:
                    out.write(draft.render(aliases))
            except OSError as exc:
                raise StorageError(f"cannot write {temp}: {exc.strerror or exc}") from exc
            self._place(temp, path, replace=replace)
            draft.temp = ""
            return
        self._write(path, draft.render(aliases), replace=replace)

    def _write(self, path: str, text: str, *, replace: bool) -> None:
        folder, name = os.path.split(path)
        temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        try:
            with open(temp, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            self._place(temp, path, replace=replace)
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)

    @staticmethod
    def _place(temp: str, path: str, *, replace: bool) -> None:
        """Move a complete file into place: atomically, and never over a file unless
        ``replace``."""
        try:
            if replace:
                os.replace(temp, path)
                return
            try:
                os.link(temp, path)  # fails when the name exists: never overwrites
            except FileExistsError:
                raise StorageError(f"{path} appeared while importing; not overwritten") from None
            except OSError:
                if os.path.exists(path):  # a file system without hard links
                    raise StorageError(f"{path} exists; not overwritten") from None
                os.replace(temp, path)
            else:
                os.unlink(temp)
        except StorageError:
            raise
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc

    def finish(self) -> None:
        """Add to the files the aliases of labels merged into them after they were written."""
        for stem, mine in self.mine.items():
            if not mine.dirty:
                continue
            path = self.path(stem)
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError as exc:
                raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from exc
            found = ALIASES_LINE.search(text)
            if found is None:
                continue
            aliases = _unique([*_aliases_from(found.group(0)), *mine.dirty])
            line = aliases_line(aliases)
            self._write(path, text[: found.start()] + line + text[found.end() :], replace=True)
            mine.dirty = ()


def _not_a_file(path: Path) -> str:
    """What a folder entry is when it is not a regular file (or a link to one)."""
    try:
        if path.is_symlink() and not path.exists():
            return "a dangling symbolic link"
        if path.is_dir():
            return "a folder"
        if not path.is_file():
            return "not a regular file"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return ""


def _aliases_in(path: str) -> list[str]:
    """The aliases of a monograph this import wrote (its third line)."""
    try:
        with open(path, encoding="utf-8") as handle:
            for _ in range(3):
                line = handle.readline()
                if line.startswith("aliases: ["):
                    return _aliases_from(line.rstrip("\n"))
    except OSError:
        pass
    return []


def _aliases_from(line: str) -> list[str]:
    try:
        value = json.loads(line.removeprefix("aliases: "))
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name_key(name), name)
    return list(seen.values())


def _front_names(path: Path) -> list[str]:
    """The title and aliases of an existing monograph, from its front matter alone."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(16384)
    except OSError:
        return []
    parts = head.lstrip("\ufeff").split("\n---", 1)
    if not parts[0].lstrip().startswith("---") or len(parts) < 2:
        return []
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(parts[0].lstrip()[3:], Loader=loader)  # a safe loader
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    names = [data.get("title")]
    aliases = data.get("aliases")
    if isinstance(aliases, str):
        names += aliases.split(",")
    elif isinstance(aliases, list):
        names += aliases
    return [str(n) for n in names if isinstance(n, (str, int, float)) and str(n).strip()]
