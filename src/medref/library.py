"""The library: monograph folders in precedence order, and resolving names across them.

A name resolves by exact key (case, accents and punctuation folded) against file names,
titles and aliases, in folder precedence order: a monograph in a higher folder overrides one
with the same file name below it. A name several products share (an imported monograph's
generic name, "ibuprofen", when the library has oral and intravenous ibuprofen) opens a
monograph only when no file name, title or alias has it and one product alone does; when
several do, ``AmbiguousDrugError`` lists them: medref never picks a product for the user.
Nothing else resolves: a near miss raises ``UnknownDrugError`` with suggestions, so medref
never shows a drug the user did not name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .catalogue import (
    KIND_SHARED,
    KIND_STEM,
    KIND_TITLE,
    Catalogue,
    FileRow,
    Progress,
    ReadOnlyCache,
    utf8,
)
from .errors import (
    AmbiguousDrugError,
    MonographError,
    StorageError,
    UnknownDrugError,
    UsageError,
)
from .paths import Folder, cache_dir, search_path
from .textutil import name_key, printable_path, words

if TYPE_CHECKING:  # kept off the start-up path
    from .drugclasses import ClassIndex
    from .model import Monograph
    from .passages import LabelRecord
    from .search import Hit

MAX_NAME_LENGTH = 200
CLASS_INDEX_KEY = "class-index"


class Entry(NamedTuple):
    """A monograph file in the library (resolved, not yet loaded)."""

    name: str  # file stem
    title: str | None
    path: Path
    folder: Folder
    mtime_ns: int
    size: int
    drug_class: str | None
    indications: list[str]
    aliases: list[str]
    error: str | None
    error_line: int | None
    overrides: list[Path]  # same-named files in lower folders, hidden by this one
    # Other files answering to the name a lookup was asked for, that this one was chosen
    # over (a user file *titled* Warfarin over the bundled warfarin.md): said in a note.
    passed_over: list[Path] = []  # noqa: RUF012 - a NamedTuple default, never mutated
    product: str | None = None  # what product an imported monograph is, in words


def check_name(name: str) -> str:
    """Reject names that are paths or junk before they reach any lookup."""
    if "\x00" in name:
        raise UsageError("a drug name cannot contain a NUL byte")
    if not utf8(name):
        raise UsageError("the drug name is not valid UTF-8 text")
    stripped = name.strip()
    if not stripped:
        raise UsageError("the drug name is empty")
    if len(stripped) > MAX_NAME_LENGTH:
        raise UsageError(f"the drug name is too long ({len(stripped)} characters)")
    if (
        "/" in stripped
        or "\\" in stripped
        or stripped.startswith((".", "~"))
        or Path(stripped).is_absolute()
    ):
        raise UsageError(
            f"{name!r} looks like a path, not a drug name "
            "(to read monographs from a folder, use --library DIR)"
        )
    if not name_key(stripped):
        raise UsageError(f"{name!r} is not a drug name")
    return stripped


class Library:
    def __init__(
        self,
        libraries: list[Path] | None = None,
        *,
        bundled: bool = True,
        cache: Path | bool | None = True,
        progress: Progress | None = None,
    ) -> None:
        """``cache``: True for the user's cache folder, a folder, or None/False for memory."""
        from .search import FtsIndexer

        folders = search_path(libraries, bundled=bundled)
        # A folder whose name is not UTF-8 cannot be kept in the catalogue: skipped, said.
        self.folders = [f for f in folders if utf8(str(f.path))]
        self.progress = progress
        self.problems: dict[Path, str] = {}
        location = cache_dir() if cache is True else (cache or None)
        self.catalogue = Catalogue(location, FtsIndexer())
        for folder in folders:
            if folder not in self.folders:
                self.catalogue.warnings.append(
                    f"monograph folder {printable_path(folder.path)} ({folder.origin}) has a "
                    "name that is not valid UTF-8 (skipped)"
                )
        self._synced_whole = False
        self.asked: Path | None = None  # the file a lookup resolved to (not warned about)
        self._class_index: ClassIndex | None = None

    @property
    def warnings(self) -> list[str]:
        """One-line warnings for the user: cache trouble and missing or unreadable folders."""
        messages = list(self.catalogue.warnings)
        for folder in self.folders:
            problem = self.problems.get(folder.path)
            if problem and (folder.explicit or problem != "does not exist"):
                messages.append(f"monograph folder {folder.path} ({folder.origin}) {problem}")
        return messages

    @property
    def folder_keys(self) -> list[str]:
        """The searched folders, as stored in the catalogue, in precedence order."""
        return [str(f.path) for f in self.folders]

    def _folder(self, key: str) -> Folder:
        return next(f for f in self.folders if str(f.path) == key)

    # ------------------------------------------------------------------ syncing

    def sync(self, *, whole: bool = False, refresh: bool = False) -> None:
        if whole and self._synced_whole and not refresh:
            return
        self._guard(lambda: self._sync(whole, refresh))
        self._synced_whole = self._synced_whole or whole

    def _sync(self, whole: bool, refresh: bool) -> None:
        self.problems = self.catalogue.sync(
            self.folders, whole=whole, refresh=refresh, progress=self.progress
        )
        self.catalogue.finish()

    def _guard(self, action: object) -> None:
        """Run a catalogue action; rebuild a damaged catalogue or fall back to memory."""
        assert callable(action)
        try:
            action()
        except ReadOnlyCache as exc:
            self.catalogue.warnings.append(f"the index cannot be written ({exc})")
            self._reopen(memory=True)
            action()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StorageError(f"the index is locked by another medref ({exc})") from exc
            self.catalogue.warnings.append(f"the index was damaged ({exc}); rebuilding it")
            self.catalogue.discard()
            self._reopen(memory=False)
            action()

    def _reopen(self, *, memory: bool) -> None:
        from .search import FtsIndexer

        location = None if memory else (self.catalogue.target or Path()).parent
        warnings = self.catalogue.warnings
        self.catalogue = Catalogue(location if not memory else None, FtsIndexer())
        self.catalogue.warnings[:0] = warnings
        self._synced_whole = False

    # ------------------------------------------------------------------ resolving

    def resolve(self, name: str) -> Entry:
        """The monograph a user-typed name stands for, or UnknownDrugError (no monograph
        has the name) or AmbiguousDrugError (several products share it)."""
        name = check_name(name)
        key = name_key(name)
        self.sync()
        for attempt in range(2):
            found = self._fresh(key)
            if isinstance(found, list):
                if attempt == 0:
                    self.sync(whole=True, refresh=True)  # every product still there?
                    continue
                raise AmbiguousDrugError(name, [_choice(e) for e in sorted(found)])
            if found is not None:
                return found
            if attempt == 0:
                # Not found, or stale: re-check every file once before giving up.
                self.sync(whole=True, refresh=True)
        raise UnknownDrugError(name, *self.suggest(name))

    def find(self, name: str) -> Entry | None:
        """The monograph a name stands for, or None, without re-checking every file first
        (a name that is no monograph's is common on a patient's medicine list, and
        re-checking 50,000 files costs more than the whole check). A name several products
        share raises AmbiguousDrugError, as in `resolve`."""
        key = name_key(check_name(name))
        self.sync()
        found = self._fresh(key)
        if isinstance(found, list):
            raise AmbiguousDrugError(name, [_choice(e) for e in sorted(found)])
        return found

    def _fresh(self, key: str) -> Entry | list[Entry] | None:
        """The file answering to a name key, re-checked (the products sharing it when several
        do); None when there is none or it changed its names (the caller re-syncs)."""
        found = self._lookup(key)
        if isinstance(found, list):
            return found
        if found is not None and self.catalogue.refresh_file(str(found.path)):
            fresh = self._lookup(key)  # the file may have changed its names
            if isinstance(fresh, Entry) and fresh.path == found.path:
                self.asked = fresh.path
                return fresh
        return None

    def _lookup(self, key: str) -> Entry | list[Entry] | None:
        """The file a name key opens; the products sharing it when several do."""
        order = {k: i for i, k in enumerate(self.folder_keys)}
        hits = self.catalogue.lookup(key, self.folder_keys)
        exact = [h for h in hits if h[1] != KIND_SHARED]
        if not exact:
            products = self._products([h[0] for h in hits])
            return products if len(products) > 1 else (products[0] if products else None)
        # Folder precedence first; within a folder a file name or title beats an alias.
        path, _kind, _folder = min(exact, key=lambda h: (order[h[2]], h[1]))
        row = self.catalogue.row(path)
        assert row is not None
        entry = self._entry(row, self._shadowed(row))
        others = [Path(p) for p in dict.fromkeys(h[0] for h in hits) if p != path]
        return entry._replace(passed_over=[p for p in others if p not in entry.overrides])

    def _products(self, paths: list[str]) -> list[Entry]:
        """The files (of those given) that commands show: not overridden, not broken."""
        unique = list(dict.fromkeys(paths))
        shown = self.visibility()(unique)
        rows = [self.catalogue.row(p) for p in unique if p in shown]
        return [self._entry(r) for r in rows if r is not None]

    def _entry(self, row: FileRow, overrides: list[Path] | None = None) -> Entry:
        return Entry(
            name=row.stem,
            title=row.title,
            path=Path(row.path),
            folder=self._folder(row.folder),
            mtime_ns=row.mtime_ns,
            size=row.size,
            drug_class=row.drug_class,
            indications=row.indications,
            aliases=row.aliases,
            error=row.error,
            error_line=row.error_line,
            overrides=overrides or [],
            product=row.product,
        )

    def _shadowed(self, row: FileRow) -> list[Path]:
        order = self.folder_keys
        below = order[order.index(row.folder) + 1 :]
        return [
            Path(p)
            for p, _kind, _folder in self.catalogue.lookup(name_key(row.stem), below)
            if _kind == KIND_STEM
        ]

    def load(self, entry: Entry) -> Monograph:
        if entry.error is not None:
            raise MonographError(entry.path, entry.error_line or 1, entry.error)
        mono = self.catalogue.model(str(entry.path))
        if mono is None:  # pragma: no cover - the row was checked a moment ago
            raise UnknownDrugError(entry.name, [])
        return mono

    def label_record(self, entry: Entry) -> LabelRecord:
        """What the interaction checker reads of a monograph (``passages.py``): kept in the
        catalogue when the file was indexed, so no file is parsed."""
        from .passages import decode, label_record

        if entry.error is not None:
            raise MonographError(entry.path, entry.error_line or 1, entry.error)
        blob = self.catalogue.label(str(entry.path))
        if blob is None:  # pragma: no cover - every parsed file has one
            return label_record(self.load(entry), entry.name)
        return decode(blob)

    def class_index(self) -> ClassIndex:
        """The class table's index (``drugclasses.ClassIndex``): kept in the catalogue, made
        from the table when there is none or the table file has changed since."""
        from .drugclasses import ClassIndex, fingerprint, table_index

        if self._class_index is not None:
            return self._class_index
        kept = self.catalogue.kept_value(CLASS_INDEX_KEY)
        index = ClassIndex.from_json(kept) if kept is not None else None
        if index is None or index.identity != fingerprint():
            index = table_index()
            self.catalogue.keep_value(CLASS_INDEX_KEY, index.to_json())
        self._class_index = index
        return index

    def named_by_labels(self, name: str) -> bool:
        """Whether an Interactions item's label in the library names this (a medicine no
        monograph is written for, such as isoniazid)."""
        folders = self.catalogue.label_name_folders(name_key(name))
        return not folders.isdisjoint(self.folder_keys)

    def label_names(self) -> list[str]:
        """Every name the library's Interactions items' labels use (for suggestions)."""
        self.sync(whole=True)
        return self.catalogue.label_name_keys(self.folder_keys)

    def get(self, name: str) -> tuple[Entry, Monograph]:
        entry = self.resolve(name)
        return entry, self.load(entry)

    def suggest(self, name: str, limit: int = 3) -> tuple[list[str], str]:
        """Names close to a typo, for 'did you mean …?' (never resolved automatically).

        Each says what it is (class, main indication) and look-alike names are written in
        FDA/ISMP tall-man letters, so that hydrOXYzine is not read as hydrALAZINE. A name
        the tall-man lists pair with the one typed is offered too; the second value is then
        a caution that they are different drugs."""
        import difflib

        from .lookalike import lettered, look_alikes

        self.sync(whole=True)
        key = name_key(name)
        rows = {r.path: r for r in self.catalogue.rows(self.folder_keys) if r.error is None}
        by_key: dict[str, tuple[str, str]] = {}
        sharing: dict[str, int] = {}  # a shared name -> how many products have it
        for k, shown, kind, path in self.catalogue.names(self.folder_keys):
            if path in rows:
                stem = rows[path].stem
                # Suggest what the user can type: the file name, an alias, a shared name.
                by_key.setdefault(k, (stem if kind in (KIND_STEM, KIND_TITLE) else shown, path))
                if kind == KIND_SHARED:
                    sharing[k] = sharing.get(k, 0) + 1
        close = difflib.get_close_matches(key, list(by_key), n=limit * 3, cutoff=0.75)
        alike = set(look_alikes(name))
        partners = [k for k in alike if k in by_key and k not in close]
        result: list[str] = []
        different: list[str] = []
        seen_paths: set[str] = set()
        for k in [*close, *partners]:
            label, path = by_key[k]
            if path in seen_paths:
                continue
            seen_paths.add(path)
            row = rows[path]
            what = [lettered(label)]
            details = []
            if sharing.get(k, 0) > 1:
                what.append(f"({sharing[k]} products)")
                result.append(" ".join(what))
                continue
            if name_key(label) != name_key(row.stem):
                details.append(lettered(row.title or row.stem))
            if row.drug_class:
                details.append(row.drug_class.split(" (")[0])
            if row.indications:
                details.append(row.indications[0])
            if details:
                what.append(f"({'; '.join(details)})")
            if k in alike:
                different.append(lettered(label))
            result.append(" ".join(what))
        caution = ""
        if different:
            caution = (
                f"Careful: {lettered(name)} and {' and '.join(different)} are different drugs "
                "with look-alike names (FDA/ISMP tall-man list)"
            )
        return result[:limit], caution

    # ------------------------------------------------------------------ the whole library

    def entries(self, *, include_overridden: bool = False) -> list[Entry]:
        """Every monograph, highest-precedence copy first; broken files included."""
        self.sync(whole=True)
        seen: dict[str, Entry] = {}
        result: list[Entry] = []
        for row in self.catalogue.rows(self.folder_keys):
            entry = self._entry(row)
            key = name_key(row.stem)
            if key in seen:
                seen[key].overrides.append(entry.path)
                if include_overridden:
                    result.append(entry)
                continue
            seen[key] = entry
            result.append(entry)
        return result

    def usable(self) -> list[Entry]:
        """Every monograph that parses, highest-precedence copy first."""
        return [e for e in self.entries() if e.error is None]

    def of_class(self, words_typed: str) -> list[Entry]:
        """The usable monographs whose class has every word (or a word beginning with it)."""
        wanted = words(words_typed)
        return [
            e
            for e in self.usable()
            if all(any(w2.startswith(w) for w2 in words(e.drug_class or "")) for w in wanted)
        ]

    def names_starting(self, prefix: str) -> list[str]:
        """Every name key (file name, title, alias) that starts with a prefix: completion."""
        self.sync(whole=True)
        names = self.catalogue.names(self.folder_keys)
        return sorted({key for key, _name, _kind, _path in names if key.startswith(prefix)})

    # ------------------------------------------------------------------ kept pages

    def kept_page(self, key: str) -> str | None:
        """A rendered page kept under this key (see ``cli/context.py``), or None."""
        found = self.catalogue.render_get(key)
        return found[0] if found else None

    def keep_page(self, key: str, text: str) -> None:
        self.catalogue.render_put(key, text, text.count("\n"))

    def visibility(self) -> Callable[[list[str]], dict[str, tuple[str, str]]]:
        """A check for search hits: of the files given, those commands show (in a searched
        folder, not overridden by a file of the same name above it, not broken), with
        their (name, title). Batched queries, so a search over 50,000 monographs looks at
        its best hits only."""
        order = {k: i for i, k in enumerate(self.folder_keys)}
        conn = self.catalogue.conn

        def check(paths: list[str]) -> dict[str, tuple[str, str]]:
            marks = ",".join("?" * len(paths))
            rows = conn.execute(
                f"SELECT path, folder, stem, title FROM files WHERE path IN ({marks}) "
                "AND error IS NULL",
                paths,
            ).fetchall()
            rows = [r for r in rows if r[1] in order]
            stems = sorted({r[2] for r in rows})
            highest: dict[str, int] = {}
            if stems:
                for stem, folder in conn.execute(
                    f"SELECT stem, folder FROM files WHERE stem IN ({','.join('?' * len(stems))})",
                    stems,
                ):
                    if folder in order:
                        highest[stem] = min(highest.get(stem, len(order)), order[folder])
            return {
                path: (stem, title or stem)
                for path, folder, stem, title in rows
                if highest.get(stem) == order[folder]
            }

        return check

    def search(
        self,
        query: list[str],
        *,
        limit: int = 20,
        any_term: bool = False,
        sections: list[str] | None = None,
        drug: str | None = None,
        refresh: bool = False,
    ) -> tuple[list[Hit], list[str]]:
        """Ranked hits for a query, and 'did you mean' words when there are none."""
        from . import search

        if not all(utf8(term) for term in query):
            raise UsageError("the search words are not valid UTF-8 text")
        paths = [str(self.resolve(drug).path)] if drug is not None else None
        self.sync(whole=True, refresh=refresh)
        units = search.parse(query)
        if not units:
            raise UsageError(f"{' '.join(query)!r} has no words to search for")
        conn = self.catalogue.conn
        hits = search.run(
            conn,
            units,
            self.visibility(),
            limit=limit,
            any_unit=any_term,
            sections=sections,
            paths=paths,
        )
        return hits, ([] if hits else search.suggest(conn, units))

    def broken(self) -> list[Entry]:
        self.sync(whole=True)
        return [self._entry(r) for r in self.catalogue.broken(self.folder_keys)]

    def known_broken(self) -> list[Entry]:
        """Broken files the catalogue already knows of, without re-checking folders."""
        return [self._entry(r) for r in self.catalogue.broken(self.folder_keys)]

    def folder_counts(self) -> list[tuple[Folder, int | None]]:
        self.sync(whole=True)
        counts = self.catalogue.folder_counts()
        return [
            (f, None if f.path in self.problems else counts.get(str(f.path), 0))
            for f in self.folders
        ]

    def close(self) -> None:
        self.catalogue.close()


def _choice(entry: Entry) -> str:
    """How a product is named in a list of choices: what to type, and what it is."""
    what = entry.product or entry.title or ""
    return f"{entry.name} ({what})" if what else entry.name
