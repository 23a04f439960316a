"""A progress bar for reading large data files, drawn only on a terminal.

Logs (CI, tests, a redirected stderr) get nothing: a bar there is noise, not information.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
# Files read faster than this never show a bar; redraw at most this often.
QUIET_SECONDS = 0.5
REDRAW_SECONDS = 0.1


class Progress:
    """Counts work done against a total (rows, perhaps estimated) and draws a bar when worth it."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.label = ""
        self.total = 0
        self.done = 0
        self.rows = 0
        self._started = 0.0
        self._drawn = 0.0
        self._shown = False
        self._running = False

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.rows = label, max(total, 1), 0, 0
        self._started = self._drawn = time.monotonic()
        self._shown = False
        self._running = True

    def advance(self, amount: int = 0, rows: int = 0) -> None:
        self.done += amount
        self.rows += rows
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._started >= QUIET_SECONDS and now - self._drawn >= REDRAW_SECONDS:
            self._draw()
            self._drawn = now

    def finish(self) -> None:
        if self._shown:
            self._running = False
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        share = min(self.done / self.total, 0.99) if self._running else 1.0
        filled = int(share * WIDTH)
        bar = "#" * filled + "-" * (WIDTH - filled)
        rows = f"  {self.rows:,} rows" if self.rows else ""
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%}{rows}")
        self.stream.flush()
        self._shown = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
