"""git, run as a program: for reading older revisions (compare) and committing the site
(write.publish). Every call passes its arguments as a list, never through a shell."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from touchsite.errors import UserError


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """git's result as text, whatever its exit status; a UserError if git is not installed."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise UserError(
            "git was not found", hint="install git and make sure it is on the PATH"
        ) from None


def output(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> str:
    """git's output; a UserError with git's own words if it fails."""
    result = run(args, cwd, env, stdin)
    if result.returncode != 0:
        raise UserError(f"git {args[0]} failed: {first_lines(result.stderr)}")
    return result.stdout.strip()


def output_or_none(folder: Path, *args: str) -> bytes | None:
    """git's raw output in `folder` (paths taken literally), or None when git fails."""
    result = subprocess.run(
        ["git", "--literal-pathspecs", "-C", str(folder), *args],
        capture_output=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else None


def text_or_none(folder: Path, *args: str) -> str | None:
    found = output_or_none(folder, *args)
    return None if found is None else os.fsdecode(found)


def first_lines(text: str, count: int = 6) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n    ".join(lines[:count]) or "(no message)"
