"""What changed since the last workshop: the project at two git revisions, compared.

A revision's project is read from git into a temporary folder and checked like any project;
the two Reports are then compared into a `Comparison` that the `diff` command prints and the
site's changes page shows.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from touchsite import git
from touchsite.analyze.report import Report
from touchsite.analyze.revisions import WORKING_TREE, Comparison, Snapshot, compare, snapshot
from touchsite.errors import UserError
from touchsite.load.config import CONFIG_FILE
from touchsite.pipeline import check


def compare_revisions(root: Path, old: str, new: str | None = None) -> Comparison:
    """Compare the project at git revision `old` with `new` (default: the working tree)."""
    before = read_revision(root, old)
    after = read_revision(root, new) if new else snapshot(check(root), WORKING_TREE)
    return compare(before, after)


def read_revision(root: Path, revision: str, workers: int | None = None) -> Snapshot:
    """Check the project's tracked files as they were at `revision` (`workers`: see
    `analyze`).

    Each problem is reported at its path with `@revision` appended, e.g. touchsite.yml@v1.
    """
    with tempfile.TemporaryDirectory(prefix="touchsite-") as folder:
        project, label = _materialise(root, revision, Path(folder))
        try:
            report = check(project, workers=workers)
        except UserError as error:
            raise UserError.of(
                dataclasses.replace(p, path=f"{p.path}@{revision}") for p in error.problems
            ) from None
        return snapshot(report, label)


def _materialise(root: Path, revision: str, folder: Path) -> tuple[Path, str]:
    """Write the project's tracked files at `revision` into `folder`; return (project, label).

    The project may sit in a sub-folder of its repository: only that folder is written, and
    the returned path points into it.
    """
    if shutil.which("git") is None:
        raise _revision_error(revision, "git is not installed", "install git to compare")
    located = git.text_or_none(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if located is None:
        raise _revision_error(
            revision,
            f"{root} is not in a git repository",
            "comparing needs the project's history: keep the project in git",
        )
    top, prefix = (located.splitlines() + [""])[:2]
    commit = None
    if not revision.startswith("-"):
        commit = git.text_or_none(
            root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"
        )
    if not commit:
        raise _revision_error(
            revision,
            f"unknown revision '{revision}'",
            "give a commit, tag or branch, e.g. HEAD~1; 'git log --oneline' lists the commits",
        )
    commit = commit.strip()
    short = (git.text_or_none(root, "rev-parse", "--short", commit) or commit).strip()
    label = short if commit.startswith(revision) else f"{revision} ({short})"
    archive = git.output_or_none(Path(top), "archive", "--format=tar", commit, "--", prefix or ".")
    if archive is not None:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter=_inside)
    project = folder / prefix
    if not (project / CONFIG_FILE).is_file():
        raise _revision_error(
            revision,
            f"the project had no {CONFIG_FILE} at revision '{revision}'",
            "compare with a revision made after the project was started",
        )
    return project, label


def _inside(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """tarfile's safe filter, but a file it refuses (a link leaving the project) is left out
    rather than ending the comparison; the build would refuse such a link anyway."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None


def _revision_error(revision: str, message: str, hint: str) -> UserError:
    return UserError(message, hint, f"{CONFIG_FILE}@{revision}")


def changes_since(report: Report, revision: str | None = None) -> Comparison | None:
    """For a build: the checked project against `revision`, or `compare_with` if it sets one."""
    root = report.project.root
    revision = revision or report.project.config.compare_with
    if not revision:
        return None
    return compare(read_revision(root, revision), snapshot(report, WORKING_TREE))
