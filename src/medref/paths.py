"""Where monographs and the cache live, and the order folders are searched in.

Highest precedence first: ``--library DIR`` folders, then ``MEDREF_PATH`` folders, then the
user's data folder, then the bundled library. ``MEDREF_DATA_DIR`` and ``MEDREF_CACHE_DIR``
override the user's data and cache folders (tests and portable installs use them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

APP_NAME = "medref"

# Folder origins, in precedence order; `medref paths` and `list --source` show them.
ORIGIN_LIBRARY = "--library"
ORIGIN_ENV = "MEDREF_PATH"
ORIGIN_USER = "user"
ORIGIN_BUNDLED = "bundled"


class Folder(NamedTuple):
    path: Path
    origin: str

    @property
    def explicit(self) -> bool:
        """Folders the user named: a missing one deserves a warning; the defaults do not."""
        return self.origin in (ORIGIN_LIBRARY, ORIGIN_ENV)


def bundled_dir() -> Path:
    """The monographs shipped with medref: inside the wheel, or the checkout's ``monographs/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "monographs"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "monographs"  # src/medref -> repo root (editable install)


def _xdg(variable: str, default: str) -> Path | None:
    """The XDG base directory on Linux and the BSDs, as platformdirs computes it there.

    Doing it here keeps platformdirs' import (~5 ms) off every lookup's start-up; other
    systems (macOS, Windows) use platformdirs.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    value = os.environ.get(variable, "").strip()
    base = Path(value) if value else Path.home() / default
    return base / APP_NAME


def data_dir() -> Path:
    env = os.environ.get("MEDREF_DATA_DIR")
    if env:
        return Path(env).expanduser()
    xdg = _xdg("XDG_DATA_HOME", ".local/share")
    if xdg is not None:
        return xdg
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_library_dir() -> Path:
    """Where user monographs go (``medref import`` writes here by default)."""
    return data_dir() / "monographs"


def cache_dir() -> Path:
    env = os.environ.get("MEDREF_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = _xdg("XDG_CACHE_HOME", ".cache")
    if xdg is not None:
        return xdg
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def _absolute(path: Path) -> Path:
    # Absolute without resolving symlinks: a folder reached through a link is still the
    # folder the user named, and resolving would touch the file system.
    return Path(os.path.abspath(path.expanduser()))


def search_path(libraries: list[Path] | None = None, *, bundled: bool = True) -> list[Folder]:
    """The folders to look in, highest precedence first, each once."""
    folders: list[Folder] = [Folder(_absolute(p), ORIGIN_LIBRARY) for p in libraries or []]
    env = os.environ.get("MEDREF_PATH", "")
    folders += [Folder(_absolute(Path(p)), ORIGIN_ENV) for p in env.split(os.pathsep) if p]
    folders.append(Folder(_absolute(user_library_dir()), ORIGIN_USER))
    if bundled:
        folders.append(Folder(_absolute(bundled_dir()), ORIGIN_BUNDLED))
    unique: list[Folder] = []
    seen: set[Path] = set()
    for folder in folders:
        if folder.path not in seen:
            seen.add(folder.path)
            unique.append(folder)
    return unique
