"""The one progress bar: on stderr, on a terminal only, and only once the work has taken
over a second (most runs never show it). Used by index builds and imports."""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 1.0


class Bar:
    def __init__(self, description: str) -> None:
        self.description = description
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self._bar: Any = None
        self._task: Any = None

    # The catalogue's Progress protocol (an index build).
    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.update(self.done + count, self.total)

    def update(self, done: int, total: int, description: str | None = None) -> None:
        self.done, self.total = done, total
        if description is not None:
            self.description = description
        if self._bar is None:
            if not sys.stderr.isatty() or time.monotonic() - self.started < DELAY:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=max(total, 1))
        self._bar.update(
            self._task,
            completed=min(done, total),
            total=max(total, 1),
            description=self.description,
        )

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
