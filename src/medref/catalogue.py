"""The catalogue: an SQLite file in the user's cache folder that remembers every monograph.

For each monograph file it keeps the parsed model (so a lookup does not parse Markdown or
import YAML), the names it answers to, its search documents (an FTS5 index, see
``search.py``), its label record with its reading and the names its Interactions items use
(what ``medref interactions`` reads, see ``passages.py`` and ``readings.py``) and any parse
error; and the class table's index (``drugclasses.ClassIndex``). It is a cache: deleting it
loses nothing.

Freshness: a folder whose modification time is unchanged has had no file added, removed or
renamed, so a lookup only re-checks the one file it returns (cost independent of library
size). Commands that read the whole library (list, search, validate) also re-check every
file's size and modification time in folders of up to ``FULL_CHECK_LIMIT`` files, and in
larger folders at most every ``RECHECK_SECONDS`` (``--refresh`` forces it): stat-ing 50,000
files costs more than the search itself.

Robustness: a new or outdated catalogue is built aside and swapped in with one rename, so
concurrent processes never see a half-built file; a corrupt file is rebuilt; a cache folder
that cannot be written falls back to an in-memory catalogue with one warning.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from . import __version__
from .lock import FileLock
from .paths import Folder
from .textutil import name_key, printable_path

if TYPE_CHECKING:  # the model is imported only when a file is parsed or loaded
    from .model import Monograph

# Bump when the schema or what is stored changes; an older file is rebuilt.
FORMAT = f"catalogue-16/{__version__}"
FILE_NAME = "catalogue.sqlite"
LOCK_NAME = "catalogue.lock"
FULL_CHECK_LIMIT = 2000
RECHECK_SECONDS = 60.0
STALE_BUILD_SECONDS = 3600.0  # a build writes continuously; an hour idle is a dead one
PARALLEL_MIN_FILES = 400  # below this, starting worker processes costs more than it saves

# A file name or title beats an alias; a name several products share (an imported
# monograph's product names: its generic name, a brand on two products) comes last.
KIND_STEM, KIND_TITLE, KIND_ALIAS, KIND_SHARED = 0, 1, 2, 3

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE folders(path TEXT PRIMARY KEY, mtime_ns INTEGER, checked REAL, files INTEGER);
CREATE TABLE files(
    path TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    stem TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    title TEXT,
    drug_class TEXT,
    indications TEXT,
    aliases TEXT,
    product TEXT,
    model BLOB,
    error TEXT,
    error_line INTEGER,
    doc_first INTEGER,
    doc_count INTEGER
);
CREATE INDEX files_folder ON files(folder);
CREATE INDEX files_broken ON files(folder) WHERE error IS NOT NULL;
CREATE INDEX files_stem ON files(stem);
CREATE TABLE names(key TEXT NOT NULL, path TEXT NOT NULL, kind INTEGER NOT NULL, name TEXT);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_path ON names(path);
CREATE TABLE renders(key TEXT PRIMARY KEY, output TEXT NOT NULL, lines INTEGER NOT NULL,
                     used REAL NOT NULL);
CREATE TABLE labels(path TEXT PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE label_names(key TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX label_names_key ON label_names(key);
CREATE INDEX label_names_path ON label_names(path);
"""


class Progress(Protocol):
    """What a sync reports to; the CLI shows a bar on stderr when a rebuild is slow."""

    def start(self, total: int) -> None: ...
    def advance(self, count: int = 1) -> None: ...
    def stop(self) -> None: ...


class Indexer(Protocol):
    """Keeps search documents in step with files (implemented in ``search.py``).

    ``documents`` runs where the file was parsed (a worker process in a large build);
    the rest in the process that writes. A file's documents get consecutive row ids, so
    they are removed by range, without scanning the index.
    """

    def create(self, conn: sqlite3.Connection) -> None: ...
    def documents(self, mono: Monograph) -> list[tuple[Any, ...]]: ...
    def last_rowid(self, conn: sqlite3.Connection) -> int: ...
    def insert(
        self, conn: sqlite3.Connection, file_id: int, first: int, docs: list[tuple[Any, ...]]
    ) -> None: ...
    def remove(self, conn: sqlite3.Connection, ranges: list[tuple[int, int]]) -> None: ...


class Parsed(NamedTuple):
    """One file's parse, as computed by ``parse_for_catalogue`` (picklable)."""

    path: str
    blob: bytes | None = None
    error: str | None = None
    line: int | None = None
    title: str | None = None
    drug_class: str | None = None
    indications: str = "[]"
    aliases: str = "[]"
    product: str | None = None  # what product an imported monograph is, in words
    names: list[tuple[str, int, str]] | None = None  # (key, kind, name)
    docs: list[tuple[Any, ...]] | None = None
    record: bytes | None = None  # its label record (passages.py)
    used: list[str] | None = None  # name keys its Interactions items' labels use


class FileRow(NamedTuple):
    path: str
    folder: str
    stem: str
    mtime_ns: int
    size: int
    title: str | None
    drug_class: str | None
    indications: list[str]
    aliases: list[str]
    error: str | None
    error_line: int | None
    product: str | None = None


def _file_row(row: tuple[Any, ...]) -> FileRow:
    path, folder, stem, mtime, size, title, drug_class, indications, aliases, error, line = row[:11]
    return FileRow(
        path,
        folder,
        stem,
        mtime,
        size,
        title,
        drug_class,
        json.loads(indications or "[]"),
        json.loads(aliases or "[]"),
        error,
        line,
        row[11],
    )


_ROW_COLUMNS = (
    "path, folder, stem, mtime_ns, size, title, drug_class, indications, aliases, error, "
    "error_line, product"
)


def encode_model(mono: Monograph) -> bytes:
    return zlib.compress(json.dumps(mono.to_dict(), separators=(",", ":")).encode(), 1)


def decode_model(blob: bytes) -> Monograph:
    from .model import Monograph

    return Monograph.from_dict(json.loads(zlib.decompress(blob)))


def names_of(mono: Monograph, stem: str) -> list[tuple[str, int, str]]:
    """(key, kind, name) for every name a monograph answers to; a stem or title beats an
    alias, which beats a name it shares with other products."""
    names: dict[str, tuple[int, str]] = {}
    shared = mono.product.names if mono.product is not None else []
    for kind, name in (
        [(KIND_SHARED, n) for n in reversed(shared)]
        + [(KIND_ALIAS, a) for a in reversed(mono.aliases)]
        + [
            (KIND_TITLE, mono.title),
            (KIND_STEM, stem),
        ]
    ):
        if name_key(name):
            names[name_key(name)] = (kind, name)
    return [(key, kind, name) for key, (kind, name) in names.items()]


def parse_for_catalogue(path: str, indexer: Indexer | None, keep_model: bool = True) -> Parsed:
    """Parse one file into what the catalogue stores (runs in worker processes too).

    ``keep_model`` False leaves the model out (a bulk build: encoding 50,000 models costs a
    quarter of the build); a lookup then parses that file once and keeps its model.
    """
    from .drugclasses import table_index
    from .errors import MonographError
    from .parse import parse_file
    from .passages import encode, label_record, names_used
    from .readings import read_label

    stem = Path(path).stem.casefold()
    try:
        mono = parse_file(Path(path))
    except MonographError as exc:
        return Parsed(path, error=exc.problem, line=exc.line, names=[(name_key(stem), 0, stem)])
    record = label_record(mono, stem)
    record.reading = read_label(record, table_index())
    return Parsed(
        path,
        blob=encode_model(mono) if keep_model else None,
        title=mono.title,
        drug_class=mono.drug_class,
        indications=json.dumps([i.name for i in mono.usage.indications]),
        aliases=json.dumps(mono.aliases),
        product=mono.product.summary if mono.product is not None else None,
        names=names_of(mono, stem),
        docs=indexer.documents(mono) if indexer is not None else None,
        record=encode(record),
        used=names_used(record),
    )


class Catalogue:
    def __init__(self, location: Path | None, indexer: Indexer | None = None) -> None:
        """Open the catalogue in folder ``location`` (None: in memory only)."""
        self.indexer = indexer
        self.warnings: list[str] = []
        self.target: Path | None = location / FILE_NAME if location is not None else None
        self.lock: FileLock | None = FileLock(location / LOCK_NAME) if location else None
        self._aside: Path | None = None  # the temporary file a fresh build goes to
        self._next_doc: int | None = None  # next search document row id
        self.conn = self._open()

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        if self.target is None:
            return self._fresh(":memory:")
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._memory(f"cannot create the cache folder {self.target.parent} ({exc})")
        if self.target.is_dir():
            return self._memory(f"{self.target} is a folder, not an index file")
        conn = self._current()
        if conn is not None:
            return conn
        # Build aside, then swap in atomically when the first sync is done. The lock is
        # held until then: another medref started meanwhile waits, then uses this build.
        assert self.lock is not None
        if self.lock.acquire():
            conn = self._current()  # another process may have built it while we waited
            if conn is not None:
                self.lock.release()
                return conn
            self._remove_stale_builds()
        aside = self.target.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        try:
            aside.unlink(missing_ok=True)
            conn = self._fresh(str(aside))
        except (OSError, sqlite3.DatabaseError) as exc:
            self._release()
            return self._memory(f"cannot write the cache folder {self.target.parent} ({exc})")
        self._aside = aside
        return conn

    def _current(self) -> sqlite3.Connection | None:
        """The catalogue file, when it exists and has this version's format."""
        assert self.target is not None
        if not self.target.exists():
            return None
        try:
            conn = sqlite3.connect(self.target, timeout=30)
            row = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if row is not None and row[0] == FORMAT:
                conn.execute("PRAGMA synchronous=NORMAL")
                return conn
            conn.close()
        except sqlite3.DatabaseError:
            self.warnings.append(f"the index {self.target} was damaged; rebuilding it")
        return None

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def _remove_stale_builds(self) -> None:
        """Temporary files of builds whose process is gone (killed, or the machine
        stopped): nobody will finish them."""
        assert self.target is not None
        for path in self.target.parent.glob(f".{FILE_NAME}.*.tmp"):
            pid = path.name.split(".")[-2]
            with suppress(OSError):
                idle = time.time() - path.stat().st_mtime
                if (pid.isdigit() and not _alive(int(pid))) or idle > STALE_BUILD_SECONDS:
                    path.unlink()

    def _memory(self, why: str) -> sqlite3.Connection:
        self.warnings.append(f"{why}; using a temporary in-memory index")
        self.target = None
        self._aside = None
        return self._fresh(":memory:")

    def _fresh(self, where: str) -> sqlite3.Connection:
        conn = sqlite3.connect(where, timeout=30)
        conn.execute("PRAGMA journal_mode=OFF")  # a fresh build is discarded, not rolled back
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        if self.indexer is not None:
            self.indexer.create(conn)
        conn.execute("INSERT INTO meta VALUES('format', ?)", (FORMAT,))
        conn.commit()
        return conn

    def finish(self) -> None:
        """Swap a freshly built catalogue into place (atomic rename); called once the
        first sync is complete."""
        if self._aside is None or self.target is None:
            return
        self.conn.commit()
        self.conn.close()
        try:
            os.replace(self._aside, self.target)
            where = self.target
        except OSError:
            where = self._aside  # keep using the aside copy for this run
        self._aside = None
        self._release()
        self.conn = sqlite3.connect(where, timeout=30)
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def discard(self) -> None:
        """Forget a damaged catalogue file so the next open rebuilds it."""
        self.conn.close()
        if self.target is not None:
            self.target.unlink(missing_ok=True)
        if self._aside is not None:
            self._aside.unlink(missing_ok=True)
            self._aside = None
        self._release()

    def close(self) -> None:
        """Close; a build that never finished (an error, Ctrl-C) is thrown away, never
        swapped into place."""
        self.conn.close()
        if self._aside is not None:
            with suppress(OSError):
                self._aside.unlink()
            self._aside = None
        self._release()

    def _release(self) -> None:
        if self.lock is not None and self.lock.held:
            self.lock.release()

    @contextmanager
    def _writing(self, *, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """A write transaction, under the lock (see ``lock.py``). ``wait`` False gives up
        at once when another process writes (for writes that only save time later)."""
        locking = self.lock is not None and self._aside is None
        if locking and self.lock is not None and not self.lock.acquire(wait=wait):
            raise ReadOnlyCache("the index is busy or cannot be locked")
        self._next_doc = None  # another process may have added documents
        try:
            with self.conn:
                yield self.conn
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyCache(str(exc)) from exc
            raise
        finally:
            if locking and self.lock is not None:
                self.lock.release()

    # ------------------------------------------------------------------ syncing

    def sync(
        self,
        folders: list[Folder],
        *,
        whole: bool,
        refresh: bool = False,
        progress: Progress | None = None,
    ) -> dict[Path, str]:
        """Bring the catalogue up to date with ``folders``; returns problems by folder.

        ``whole`` is for commands that read every monograph: it also re-checks files whose
        folder looks unchanged (see the module comment). ``refresh`` always re-checks.
        Changes are planned, then planned again and applied under the lock, so that of two
        processes finding the same change one applies it and the other finds nothing left.
        """
        problems: dict[Path, str] = {}
        if self._plan(folders, whole, refresh, problems):
            with self._writing() as conn:
                plans = self._plan(folders, whole, refresh, problems)
                if plans:
                    self._apply(conn, plans, progress)
        return problems

    def _plan(
        self, folders: list[Folder], whole: bool, refresh: bool, problems: dict[Path, str]
    ) -> list[tuple[Folder, list[os.DirEntry[str]], int]]:
        plans: list[tuple[Folder, list[os.DirEntry[str]], int]] = []
        for folder in folders:
            key = str(folder.path)
            if not utf8(key):
                problems[folder.path] = "has a name that is not valid UTF-8 (skipped)"
                continue
            try:
                st = os.stat(folder.path)
            except FileNotFoundError:
                problems[folder.path] = "does not exist"
                self._drop_folder(key)
                continue
            except OSError as exc:
                problems[folder.path] = f"cannot be read ({exc.strerror or exc})"
                continue
            row = self.conn.execute(
                "SELECT mtime_ns, checked, files FROM folders WHERE path=?", (key,)
            ).fetchone()
            unchanged = row is not None and row[0] == st.st_mtime_ns
            if unchanged and not refresh:
                if not whole:
                    continue
                small = (row[2] or 0) <= FULL_CHECK_LIMIT
                if not small and time.time() - (row[1] or 0) < RECHECK_SECONDS:
                    continue
            try:
                entries = self._entries(folder.path)
            except OSError as exc:
                problems[folder.path] = f"cannot be read ({exc.strerror or exc})"
                continue
            plans.append((folder, entries, st.st_mtime_ns))
        return plans

    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        """The folder's monograph files. One bad entry (a symlink loop, a name that is not
        UTF-8) is skipped with a warning, never the whole folder."""
        entries = []
        with os.scandir(folder) as it:
            for entry in it:
                if not entry.name.endswith(".md"):
                    continue
                if not utf8(entry.name):
                    self.warn(
                        f"{printable_path(entry.path)}: the file name is not valid UTF-8 (skipped)"
                    )
                    continue
                try:
                    if entry.is_file():
                        entries.append(entry)
                except OSError as exc:
                    self.warn(f"{printable_path(entry.path)}: {exc.strerror or exc} (skipped)")
        return entries

    def _apply(
        self,
        conn: sqlite3.Connection,
        plans: list[tuple[Folder, list[os.DirEntry[str]], int]],
        progress: Progress | None,
    ) -> None:
        changed: list[tuple[str, str, int, int]] = []  # path, folder, mtime, size
        gone: list[str] = []
        for folder, entries, _mtime in plans:
            key = str(folder.path)
            known = {
                p: (m, s)
                for p, m, s in self.conn.execute(
                    "SELECT path, mtime_ns, size FROM files WHERE folder=?", (key,)
                )
            }
            for entry in entries or []:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                path = entry.path
                if known.pop(path, None) != (st.st_mtime_ns, st.st_size):
                    changed.append((path, key, st.st_mtime_ns, st.st_size))
            gone.extend(known)
        if gone:
            self._remove(conn, gone)
        self._store(conn, changed, progress)
        now = time.time()
        for folder, entries, mtime in plans:
            conn.execute(
                "INSERT OR REPLACE INTO folders VALUES(?, ?, ?, ?)",
                (str(folder.path), mtime, now, len(entries)),
            )

    def _store(
        self,
        conn: sqlite3.Connection,
        changed: list[tuple[str, str, int, int]],
        progress: Progress | None,
    ) -> None:
        if not changed:
            return
        info = {path: (folder, mtime, size) for path, folder, mtime, size in changed}
        if progress is not None:
            progress.start(len(changed))
        try:
            self._remove(conn, list(info))
            for parsed in _parse_all(list(info), self.indexer):
                folder, mtime, size = info[parsed.path]
                self._insert(conn, parsed, folder, mtime, size)
                if progress is not None:
                    progress.advance()
        finally:
            if progress is not None:
                progress.stop()

    def _insert(
        self, conn: sqlite3.Connection, parsed: Parsed, folder: str, mtime: int, size: int
    ) -> None:
        p = parsed
        docs = p.docs or []
        first = 0
        if self.indexer is not None and docs:
            if self._next_doc is None:
                self._next_doc = self.indexer.last_rowid(conn) + 1
            first = self._next_doc
        cursor = conn.execute(
            "INSERT INTO files VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                p.path,
                folder,
                Path(p.path).stem.casefold(),
                mtime,
                size,
                p.title,
                p.drug_class,
                p.indications,
                p.aliases,
                p.product,
                p.blob,
                p.error,
                p.line,
                first,
                len(docs),
            ),
        )
        conn.executemany(
            "INSERT INTO names VALUES(?,?,?,?)",
            [(key, p.path, kind, name) for key, kind, name in p.names or []],
        )
        if p.record is not None:
            conn.execute("INSERT INTO labels VALUES(?,?)", (p.path, p.record))
            conn.executemany(
                "INSERT INTO label_names VALUES(?,?)", [(key, p.path) for key in p.used or []]
            )
        if self.indexer is not None and docs:
            self.indexer.insert(conn, cursor.lastrowid or 0, first, docs)
            self._next_doc = first + len(docs)

    def _remove(self, conn: sqlite3.Connection, paths: list[str]) -> None:
        for start in range(0, len(paths), 500):
            batch = paths[start : start + 500]
            marks = ",".join("?" * len(batch))
            if self.indexer is not None:
                ranges = conn.execute(
                    f"SELECT doc_first, doc_count FROM files WHERE path IN ({marks}) "
                    "AND doc_count > 0",
                    batch,
                ).fetchall()
                self.indexer.remove(conn, ranges)
            conn.execute(f"DELETE FROM files WHERE path IN ({marks})", batch)
            conn.execute(f"DELETE FROM names WHERE path IN ({marks})", batch)
            conn.execute(f"DELETE FROM labels WHERE path IN ({marks})", batch)
            conn.execute(f"DELETE FROM label_names WHERE path IN ({marks})", batch)

    def _drop_folder(self, folder: str) -> None:
        paths = [
            p for (p,) in self.conn.execute("SELECT path FROM files WHERE folder=?", (folder,))
        ]
        if (
            not paths
            and self.conn.execute("SELECT 1 FROM folders WHERE path=?", (folder,)).fetchone()
            is None
        ):
            return
        with self._writing() as conn:
            self._remove(conn, paths)
            conn.execute("DELETE FROM folders WHERE path=?", (folder,))

    def refresh_file(self, path: str) -> bool:
        """Re-check one file; returns False when it has gone (the caller re-syncs)."""
        row = self.conn.execute(
            "SELECT folder, mtime_ns, size FROM files WHERE path=?", (path,)
        ).fetchone()
        try:
            st = os.stat(path)
        except OSError:
            return False
        if row is None:
            return False
        if (row[1], row[2]) != (st.st_mtime_ns, st.st_size):
            with self._writing() as conn:
                self._store(conn, [(path, row[0], st.st_mtime_ns, st.st_size)], None)
        return True

    # ------------------------------------------------------------------ queries

    def lookup(self, key: str, folders: list[str]) -> list[tuple[str, int, str]]:
        """(path, kind, folder) of the files answering to a name key, in the given folders."""
        rows = self.conn.execute(
            "SELECT n.path, n.kind, f.folder FROM names n JOIN files f ON f.path = n.path "
            "WHERE n.key = ?",
            (key,),
        ).fetchall()
        return [r for r in rows if r[2] in folders]

    def row(self, path: str) -> FileRow | None:
        found = self.conn.execute(
            f"SELECT {_ROW_COLUMNS} FROM files WHERE path=?", (path,)
        ).fetchone()
        return _file_row(found) if found else None

    def rows(self, folders: Iterable[str]) -> list[FileRow]:
        """Every file of the folders, in folder order, by name within a folder."""
        return self._rows(folders, "", "stem")

    def broken(self, folders: Iterable[str]) -> list[FileRow]:
        """The files that do not parse, in folder order."""
        return self._rows(folders, " AND error IS NOT NULL", "path")

    def _rows(self, folders: Iterable[str], where: str, order: str) -> list[FileRow]:
        query = f"SELECT {_ROW_COLUMNS} FROM files WHERE folder=?{where} ORDER BY {order}"
        return [_file_row(r) for folder in folders for r in self.conn.execute(query, (folder,))]

    def model(self, path: str) -> Monograph | None:
        """The file's model: kept, or parsed now and kept (see ``parse_for_catalogue``)."""
        found = self.conn.execute(
            "SELECT model, mtime_ns, size FROM files WHERE path=?", (path,)
        ).fetchone()
        if found is None:
            return None
        if found[0] is not None:
            return decode_model(found[0])
        from .parse import parse_file

        mono = parse_file(Path(path))
        try:
            with self._writing(wait=False) as conn:
                conn.execute(
                    "UPDATE files SET model=? WHERE path=? AND mtime_ns=? AND size=?",
                    (encode_model(mono), path, found[1], found[2]),
                )
        except (ReadOnlyCache, sqlite3.OperationalError):
            pass  # not kept: the next lookup parses again
        return mono

    def names(self, folders: Iterable[str]) -> list[tuple[str, str, int, str]]:
        """(key, name, kind, path) of every name in the folders."""
        wanted = set(folders)
        return [
            (key, name, kind, path)
            for key, name, kind, path, folder in self.conn.execute(
                "SELECT n.key, n.name, n.kind, n.path, f.folder FROM names n "
                "JOIN files f ON f.path = n.path"
            )
            if folder in wanted
        ]

    def label(self, path: str) -> bytes | None:
        """The file's label record (``passages.encode``), kept when it was indexed."""
        found = self.conn.execute("SELECT record FROM labels WHERE path=?", (path,)).fetchone()
        return found[0] if found else None

    def kept_value(self, key: str) -> str | None:
        """A value kept under this key (see ``keep_value``), or None."""
        found = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return found[0] if found else None

    def keep_value(self, key: str, value: str) -> None:
        """Keep a value made from something other than the monographs (the class table's
        index); the caller checks that it is still current when it reads it back."""
        try:
            with self._writing(wait=False) as conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (key, value))
        except (ReadOnlyCache, sqlite3.OperationalError):
            pass  # not kept: made again next time

    def label_name_folders(self, key: str) -> set[str]:
        """The folders of the files whose Interactions items' labels use a name."""
        return {
            folder
            for (folder,) in self.conn.execute(
                "SELECT f.folder FROM label_names n JOIN files f ON f.path = n.path "
                "WHERE n.key = ?",
                (key,),
            )
        }

    def label_name_keys(self, folders: Iterable[str]) -> list[str]:
        """Every name the Interactions items' labels of the folders' files use."""
        wanted = set(folders)
        return sorted(
            {
                key
                for key, folder in self.conn.execute(
                    "SELECT DISTINCT n.key, f.folder FROM label_names n "
                    "JOIN files f ON f.path = n.path"
                )
                if folder in wanted
            }
        )

    def folder_counts(self) -> dict[str, int]:
        return dict(
            self.conn.execute("SELECT folder, count(*) FROM files GROUP BY folder").fetchall()
        )

    # ------------------------------------------------------------------ rendered output

    def render_get(self, key: str) -> tuple[str, int] | None:
        found = self.conn.execute(
            "SELECT output, lines FROM renders WHERE key=?", (key,)
        ).fetchone()
        return (found[0], found[1]) if found else None

    def render_put(self, key: str, output: str, lines: int) -> None:
        try:
            with self._writing(wait=False) as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO renders VALUES(?,?,?,?)",
                    (key, output, lines, time.time()),
                )
                # Keep the memo small: the 500 most recent renders.
                conn.execute(
                    "DELETE FROM renders WHERE key NOT IN "
                    "(SELECT key FROM renders ORDER BY used DESC LIMIT 500)"
                )
        except (ReadOnlyCache, sqlite3.OperationalError):
            pass  # a memo that cannot be written is only a missed speed-up


def utf8(text: str) -> bool:
    """Whether a file name decoded from the file system is text SQLite can store (a name
    that is not UTF-8 arrives with surrogate escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as someone else's process
    return True


class ReadOnlyCache(Exception):
    """The catalogue file cannot be written (read-only file or folder)."""


def _parse_all(paths: list[str], indexer: Indexer | None) -> Iterable[Parsed]:
    """Parse files, in worker processes when there are many (the machine has cores to spare)."""
    from functools import partial

    small = len(paths) < PARALLEL_MIN_FILES
    work = partial(parse_for_catalogue, indexer=indexer, keep_model=small)
    workers = min(os.cpu_count() or 1, 8)
    if small or workers < 2:
        return map(work, paths)
    return _parallel(work, paths, workers)


def _parallel(work: Callable[[str], Parsed], paths: list[str], workers: int) -> Iterator[Parsed]:
    import multiprocessing
    import threading

    ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with ctx.Pool(workers, initializer=_quiet_on_interrupt) as pool:
        # Ask the kernel to read the files ahead, so that the workers parse instead of
        # waiting on the disk one file at a time (a cold build is mostly reading). Started
        # after the pool, so no worker is forked from a process with a second thread.
        threading.Thread(target=_read_ahead, args=(paths,), daemon=True).start()
        yield from pool.imap_unordered(work, paths, chunksize=64)


def _quiet_on_interrupt() -> None:
    """Workers leave Ctrl-C to the main process, which throws the unfinished build away:
    without this each worker prints its own traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_ahead(paths: list[str]) -> None:
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
