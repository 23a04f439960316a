"""A worker process's reply to the process that asked: its result, or its failure, raised
there as it would have been raised had the work been done there.

Used by the data stage's comments worker and the forked parts of stages (touchsite.beside).
"""

from __future__ import annotations

import pickle
import traceback
from multiprocessing.reduction import ForkingPickler
from typing import Any

from touchsite.errors import UserError


def failure(error: Exception) -> tuple[str, Any]:
    """The reply for `error`, caught in the worker: a user's mistake by its problems, else
    the error with the worker's traceback."""
    if isinstance(error, UserError):
        return ("user", error.problems)
    return ("error", (error, traceback.format_exc()))


def send(connection, reply: tuple[str, Any], protocol: int | None = None) -> None:
    """Send `reply`, pickled with `protocol` (None: pickle's default); an error that cannot
    be pickled, or not read back (an exception whose __init__ takes other arguments than its
    args), is sent as a RuntimeError of its message, with its traceback."""
    if reply[0] == "error":
        try:
            pickle.loads(ForkingPickler.dumps(reply))
        except Exception:
            error, text = reply[1]
            summary = "".join(traceback.format_exception_only(error)).strip()
            reply = ("error", (RuntimeError(summary), text))
    connection.send_bytes(ForkingPickler.dumps(reply, protocol))  # as connection.send does


def raise_failure(kind: str, value: Any) -> None:
    """Raise the failure a worker replied (nothing for another reply)."""
    if kind == "user":
        raise UserError.of(value)
    if kind == "error":
        error, text = value
        raise error from RemoteTraceback(text)


class RemoteTraceback(Exception):
    """Where the worker failed: its traceback, shown under the error raised here."""

    def __str__(self) -> str:
        return self.args[0]
