"""A lock shared by every medref process that writes one catalogue.

Concurrent readers and updaters must always get the same correct answer (README,
"Robustness"): an update removes a file's search documents and inserts new ones with row
ids it allocates, so two updaters at once would interleave and leave orphans. Updates
therefore take this lock (``flock`` on a file beside the catalogue), waiting for another
process rather than failing; a fresh build holds it until the new catalogue is in place, so
processes started meanwhile wait and then use it instead of building their own.

Re-entrant within a process. Where ``fcntl`` does not exist (Windows) it locks nothing and
SQLite's own locking is all there is.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import StorageError

WAIT_SECONDS = 300.0  # a 50,000-monograph build takes well under a minute
POLL_SECONDS = 0.05


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    def acquire(self, *, wait: bool = True, timeout: float = WAIT_SECONDS) -> bool:
        """Take the lock; False when ``wait`` is off and another process holds it, or when
        the lock file cannot be created (a read-only cache: nothing will be written)."""
        if self._depth:
            self._depth += 1
            return True
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            self._depth = 1
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    os.close(fd)
                    return False
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StorageError(
                        f"another medref has been updating the index for over {timeout:.0f} s "
                        f"(lock {self.path}); try again later"
                    ) from None
                time.sleep(POLL_SECONDS)
            except OSError:
                os.close(fd)
                return False
        self._fd, self._depth = fd, 1
        return True

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None
