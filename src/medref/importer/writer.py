"""Writing monographs into the library folder: one per product, never over a file by surprise.

- Labels of one product (``product.Identity``: the same active ingredients, routes, form
  family and status) become one monograph: the most recent label's text, the other labels'
  brands added as aliases. Other products of the same medicine are their own monographs,
  named apart (``naming``). ``--per-label`` writes every label on its own, named for its
  product and, after the first, its brand or labeler ("Aspirin (Ecotrin)").
- A name or alias belongs to one monograph only across a library (``medref validate``
  checks it). An alias some file of the folder already has is left out; a brand that two
  products of this import carry (Voltaren tablets and Voltaren gel) is neither's alias but
  a name both share, which a lookup answers with the list of them.
- What is remembered per monograph written is small (its name, product and the recency of
  its label), so memory does not grow with the text read. Aliases and shared names that
  grew after a file was written, and names that changed because a medicine turned out to
  have several products, are put into the files once, at the end (``finish``).
- Files are written atomically (``files``); nothing there before is replaced without
  ``--force``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StorageError
from ..textutil import name_key
from . import files
from .existing import Front, read_front
from .markdown import Draft, rewrite_front
from .names import label_title
from .naming import Base, Naming, first_free, label_words, qualified_titles

WRITTEN, MERGED, EXISTS, CONFLICT, BLOCKED = "written", "merged", "exists", "conflict", "blocked"
CONTESTED = ""  # alias_owner's value for a name two products carry


@dataclass(slots=True)
class _Mine:
    """What is remembered of a monograph this import wrote: a few dozen bytes (its aliases
    are read back from the file when another label of the same product comes)."""

    effective: str  # interned: labels share dates
    version: int
    product: int  # the hash of its identity key
    naming: Naming  # what a name for its product may need
    plain: bool = False  # named for the medicine alone: renamed if the medicine has several
    labels: tuple[tuple[str, str], ...] = ()  # --per-label: its product's other labels
    added: tuple[str, ...] = ()  # aliases to add to the file at the end
    demoted: tuple[str, ...] = ()  # aliases another product carries too: shared names
    shared: tuple[str, ...] = ()  # shared names to add at the end

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
    # that were there before, as a title that differs from the file name), or CONTESTED.
    # Hashes: a 64-bit hash stands for a name in half the memory.
    alias_owner: dict[int, str] = field(default_factory=dict)
    # stem -> why a file of that name cannot be written: a folder, a link, a special file
    # already has the name (never replaced, --force or not)
    blocked: dict[str, str] = field(default_factory=dict)
    # Keys are hashes (a 64-bit hash stands for a string in less memory):
    # hash(identity key) -> the stem of its product's monograph (--per-label: first label)
    products: dict[int, str] = field(default_factory=dict)
    # hash(base) -> the stem of the medicine's one product, named for the medicine, or Base
    bases: dict[int, str | Base] = field(default_factory=dict)
    # --per-label: hash("set id/version") -> the stem of its monograph
    label_sets: dict[int, str] = field(default_factory=dict)
    there: dict[str, Front] = field(default_factory=dict)  # identity key -> a file before
    there_sets: dict[str, Front] = field(default_factory=dict)  # set id -> a file before
    renamed: dict[str, str] = field(default_factory=dict)  # old file name -> new, at the end

    def __post_init__(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            entries = [p for p in self.directory.iterdir() if p.suffix == ".md"]
        except OSError as exc:
            raise StorageError(
                f"cannot use {self.directory} as the library folder: {exc.strerror or exc}"
            ) from exc
        self.folder = str(self.directory)
        for path in entries:
            kind = files.not_a_file(path)
            if kind:
                self.blocked[path.stem.casefold()] = f"{path.name} is {kind}; not replaced"
            else:
                self._learn(path)

    def _learn(self, path: Path) -> None:
        """What a file that was there before the import holds: its names and product."""
        stem = path.stem.casefold()
        self.existing.add(stem)
        front = read_front(path)
        front.title = front.title or stem
        for name in front.names:
            key = name_key(name)
            if key and key != stem:
                self.alias_owner.setdefault(hash(key), stem)
        front.stem, front.names = stem, []  # what is kept of it
        if front.identity is not None:
            self.there.setdefault(front.identity.key, front)
            base = self.bases.setdefault(hash(front.identity.base), Base(front.generic))
            assert isinstance(base, Base)
            base.existing += 1
        if front.set_id:
            self.there_sets.setdefault(front.set_id, front)

    def path(self, stem: str) -> str:
        return os.path.join(self.folder, f"{stem}.md")

    def owner(self, key: str) -> str | None:
        """The stem of the monograph that answers to this name key, if any."""
        if key in self.mine or key in self.existing:
            return key
        return self.alias_owner.get(hash(key))

    def free(self, key: str) -> bool:
        return bool(key) and self.owner(key) is None and key not in self.blocked

    def free_title(self, title: str) -> bool:
        return self.free(name_key(title))

    def free_label(self, product_title: str) -> Callable[[str], bool]:
        """Whether a word names one more label of the product freely (--per-label)."""
        return lambda word: self.free(name_key(label_title(product_title, word)))

    # ------------------------------------------------------------------ adding

    def add(self, draft: Draft) -> Outcome:
        """Write (or merge, or skip) one draft; its temporary file, if any, is used or
        removed."""
        try:
            if self.per_label:
                return self._add_label(draft)
            return self._add_product(draft)
        finally:
            if draft.temp:
                with contextlib.suppress(OSError):
                    os.unlink(draft.temp)
                draft.temp = ""

    def _add_product(self, draft: Draft) -> Outcome:
        """Merged: the label joins its product's monograph, or starts one."""
        identity = draft.identity
        assert identity is not None
        stem = self.products.get(hash(identity.key))
        if stem is not None and stem in self.mine:
            draft.title, draft.key = self._title(stem), stem
            return self._merge(stem, self.mine[stem], draft)
        before = self.there.get(identity.key)
        if before is not None:  # this product, from an earlier import
            if not self.force:
                return Outcome(EXISTS, f"{before.stem}.md", "already holds this product")
            draft.title, draft.key = before.title, before.stem
            return self._new(draft, replace=True)
        return self._new_product(draft)

    def _new_product(self, draft: Draft) -> Outcome:
        """The first label of a product: named for the medicine when it is the medicine's
        only product so far, else for the product."""
        identity = draft.identity
        assert identity is not None
        entry = self.bases.get(hash(identity.base))
        if entry is None:
            medicine = draft.generic or draft.title
            stem = name_key(medicine)
            draft.title, draft.key = medicine, stem
            exists = stem in self.existing  # a monograph of the medicine, not imported
            if exists and not self.force:
                # Kept; the medicine's other products are named apart from it.
                self.bases[hash(identity.base)] = Base(medicine, existing=1)
                return Outcome(EXISTS, f"{stem}.md", f"{stem}.md already exists")
            if exists or stem in self.blocked or self.free(stem):  # a folder in the way: said
                outcome = self._new(draft, replace=exists, plain=True)
                if outcome.status == WRITTEN:
                    self.bases[hash(identity.base)] = stem
                return outcome
            entry = self.bases[hash(identity.base)] = Base(medicine)
        elif isinstance(entry, str):  # its second product: the first has the plain name
            entry = self.bases[hash(identity.base)] = Base(self._title(entry), [entry])
        title = first_free(qualified_titles(entry.title, Naming.of(identity)), self.free_title)
        draft.title, draft.key = title, name_key(title)
        outcome = self._new(draft)
        if outcome.status == WRITTEN:
            entry.stems.append(draft.key)
        return outcome

    def _add_label(self, draft: Draft) -> Outcome:
        """--per-label: every label its own monograph, named for its product first; the
        same document seen again (its set id and version) is not written twice."""
        document = hash(f"{draft.set_id}/{draft.version}") if draft.set_id else None
        seen = self.label_sets.get(document) if document is not None else None
        if seen is not None and seen in self.mine:
            draft.title, draft.key = self._title(seen), seen
            return self._merge(seen, self.mine[seen], draft)
        before = self.there_sets.get(draft.set_id) if draft.set_id else None
        if before is not None:
            if not self.force:
                return Outcome(EXISTS, f"{before.stem}.md", "already holds this label")
            draft.title, draft.key = before.title, before.stem
            return self._new(draft, replace=True)
        identity = draft.identity
        assert identity is not None
        first = self.products.get(hash(identity.key))
        before = self.there.get(identity.key)
        if first is not None:
            product_title = self._title(first)
        elif before is not None:
            product_title = before.title  # a file of the folder has its first label
        else:
            return self._new_product(draft)
        which = [*draft.aliases[:1], draft.labeler, draft.set_id[:8]]
        word = first_free(label_words(which), self.free_label(product_title))
        draft.title = label_title(product_title, word)
        draft.key = name_key(draft.title)
        outcome = self._new(draft)
        if outcome.status == WRITTEN and first is not None and first in self.mine:
            self.mine[first].labels += ((draft.key, word),)
        return outcome

    def _title(self, stem: str) -> str:
        """The title of a monograph this import wrote (read back: not kept in memory)."""
        try:
            with open(self.path(stem), encoding="utf-8") as handle:
                head = handle.read(1024)
        except OSError:
            return stem
        return _title_of(head) or stem

    def _new(self, draft: Draft, *, replace: bool = False, plain: bool = False) -> Outcome:
        stem = draft.key
        name = f"{stem}.md"
        if stem in self.blocked:
            return Outcome(BLOCKED, name, self.blocked[stem])
        if not stem:
            return Outcome(CONFLICT, name, "no free name for it")
        aliases, names = self._claim(draft, stem)
        self._install(self.path(stem), draft, aliases, replace=replace, names=names)
        identity = draft.identity
        assert identity is not None
        effective, version = draft.recency()
        product = hash(identity.key)
        mine = _Mine(sys.intern(effective), version, product, Naming.of(identity), plain)
        self.mine[stem] = mine
        if self.per_label and draft.set_id:
            self.label_sets[hash(f"{draft.set_id}/{draft.version}")] = stem
        for alias in aliases:
            self.alias_owner[hash(name_key(alias))] = stem
        self.products.setdefault(product, stem)
        return Outcome(WRITTEN, name, "replaced" if replace else "", replaced=replace)

    def _merge(self, stem: str, mine: _Mine, draft: Draft) -> Outcome:
        free, own_names = self._claim(draft, stem)
        for alias in free:
            self.alias_owner[hash(name_key(alias))] = stem
        path = self.path(stem)
        written, names = files.lists_in(path)
        written = [a for a in [*written, *mine.added] if a not in mine.demoted]
        names = files.unique([*names, *mine.shared, *own_names])
        if draft.recency() > mine.recency:
            # The newer label's text; its brands first, the earlier labels' kept after.
            self._install(path, draft, files.unique([*free, *written]), replace=True, names=names)
            effective, version = draft.recency()
            mine.effective, mine.version = sys.intern(effective), version
            mine.added, mine.shared = (), ()
            return Outcome(MERGED, f"{stem}.md", replaced=True)
        have = {name_key(a) for a in written}
        mine.added += tuple(a for a in files.unique(free) if name_key(a) not in have)
        known = {name_key(n) for n in [*files.lists_in(path)[1], *mine.shared]}
        mine.shared += tuple(n for n in names if name_key(n) not in known)
        return Outcome(MERGED, f"{stem}.md")

    def _claim(self, draft: Draft, stem: str) -> tuple[list[str], list[str]]:
        """The draft's aliases it may have, and its shared names. An alias another file of
        the folder has is left out, and so is one an earlier label of the same product has
        (--per-label); one another product of this import has becomes a name both share."""
        identity = draft.identity
        assert identity is not None
        kept: list[str] = []
        names = list(draft.names)
        for alias in draft.aliases:
            key = name_key(alias)
            owner = self.owner(key)
            if owner is None or owner == stem:
                kept.append(alias)
                continue
            if owner == CONTESTED:
                names.append(alias)
                continue
            mine = self.mine.get(owner)
            if mine is None or owner == key or mine.product == hash(identity.key):
                continue
            self.alias_owner[hash(key)] = CONTESTED
            mine.demoted += (alias,)
            mine.shared += (alias,)
            names.append(alias)
        return kept, files.unique(names)

    # ------------------------------------------------------------------ files

    def _install(
        self,
        path: str,
        draft: Draft,
        aliases: list[str],
        *,
        replace: bool,
        names: list[str] | None = None,
    ) -> None:
        """Put a draft's file in place: its temporary file when a worker wrote one with
        these aliases, names and title, else its text."""
        names = draft.names if names is None else names
        same = aliases == draft.aliases and names == draft.names
        if draft.temp and same and draft.temp_title == draft.title:
            files.place(draft.temp, path, replace=replace)
            draft.temp = ""
            return
        if draft.temp:
            # Other aliases, names or another title than the worker wrote: rewrite its file.
            temp = draft.temp
            try:
                if not draft.text:
                    with open(temp, encoding="utf-8") as handle:
                        draft.text = handle.read()
                with open(temp, "w", encoding="utf-8", newline="\n") as out:
                    out.write(draft.render(aliases, names))
            except OSError as exc:
                raise StorageError(f"cannot write {temp}: {exc.strerror or exc}") from exc
            files.place(temp, path, replace=replace)
            draft.temp = ""
            return
        files.write(path, draft.render(aliases, names), replace=replace)

    # ------------------------------------------------------------------ the end

    def finish(self) -> None:
        """Name apart the products of a medicine that turned out to have several, and put
        into the files the aliases and names that grew after they were written."""
        titles = self._new_titles()
        for stem in [s for s, m in self.mine.items() if m.added or m.demoted or m.shared]:
            if stem not in titles:
                self._rewrite(stem, "")
        for stem, title in titles.items():
            self._rewrite(stem, title)

    def _new_titles(self) -> dict[str, str]:
        """stem -> its new title, for the products named for a medicine that has several."""
        titles: dict[str, str] = {}
        taken: set[str] = set()

        def free(title: str) -> bool:
            return self.free_title(title) and name_key(title) not in taken

        for entry in self.bases.values():
            if not isinstance(entry, Base) or not entry.several:
                continue
            for stem in entry.stems:
                mine = self.mine.get(stem)
                if mine is None or not mine.plain:
                    continue
                title = first_free(qualified_titles(entry.title, mine.naming), free)
                titles[stem] = title
                for sibling, word in mine.labels:
                    titles[sibling] = label_title(title, word)
                taken.update(name_key(t) for t in titles.values())
        return {stem: t for stem, t in titles.items() if t}

    def _rewrite(self, stem: str, title: str) -> None:
        """One file, once: its aliases and names as they grew, and its new title (and file
        name) if it has one."""
        mine = self.mine[stem]
        path = self.path(stem)
        text = files.read(path)
        aliases, names = files.lists_in(path)
        aliases = [a for a in files.unique([*aliases, *mine.added]) if a not in mine.demoted]
        names = files.unique([*names, *mine.shared])
        old_title = _title_of(text)
        text = rewrite_front(text, title=title or old_title, aliases=aliases, names=names)
        new_stem = name_key(title) if title else stem
        if new_stem == stem:
            files.write(path, text, replace=True)
        else:
            files.write(self.path(new_stem), text, replace=False)
            with contextlib.suppress(OSError):
                os.unlink(path)
            self.mine[new_stem] = self.mine.pop(stem)
            self.renamed[f"{stem}.md"] = f"{new_stem}.md"
        mine.added, mine.demoted, mine.shared = (), (), ()


def _title_of(text: str) -> str:
    for line in text.split("\n", 4)[:4]:
        if line.startswith("title: "):
            value = files.list_from(f"[{line.removeprefix('title: ')}]")
            return value[0] if value else ""
    return ""
