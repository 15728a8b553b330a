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


def _user_dir(override: str, xdg_variable: str, xdg_default: str, kind: str) -> Path:
    """medref's user data or cache folder: the MEDREF_* override, else the platform's.

    On Linux and the BSDs the XDG base directory is computed here, as platformdirs does,
    which keeps platformdirs' import (~5 ms) off every lookup's start-up; other systems
    (macOS, Windows) ask platformdirs.
    """
    env = os.environ.get(override)
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        value = os.environ.get(xdg_variable, "").strip()
        return (Path(value) if value else Path.home() / xdg_default) / APP_NAME
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _user_dir("MEDREF_DATA_DIR", "XDG_DATA_HOME", ".local/share", "data")


def user_library_dir() -> Path:
    """Where user monographs go (``medref import`` writes here by default)."""
    return data_dir() / "monographs"


def cache_dir() -> Path:
    return _user_dir("MEDREF_CACHE_DIR", "XDG_CACHE_HOME", ".cache", "cache")


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


def unreadable(path: Path) -> str | None:
    """Why a path named on the command line cannot be used ("no such file or folder",
    "File name too long"), or None. Never raises."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return str(exc.strerror or exc)
    return None
