"""Record a built site as a commit on a branch (gh-pages) and push it, as ghp-import does.

Everything goes through git's plumbing with a temporary index, so the user's working tree,
index and current branch are never touched: the site can be deployed from a dirty checkout.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from touchsite import git
from touchsite.errors import UserError

# Settings that would make `git add` change or skip files of the built site: line-ending
# conversion, sparse checkouts and a file-system monitor watching the real working tree.
NEUTRAL_ADD = (
    "-c",
    "core.autocrlf=false",
    "-c",
    "core.safecrlf=false",
    "-c",
    "core.sparseCheckout=false",
    "-c",
    "core.fsmonitor=false",
)

# The rejection messages of `git push` that mean "the remote branch has commits you lack".
REJECTED = ("[rejected]", "non-fast-forward", "fetch first", "stale info")


@dataclass(frozen=True)
class Repository:
    root: Path
    git_dir: Path


@dataclass(frozen=True)
class Source:
    """The commit the site is built from; `sha` is None in a repository without commits."""

    sha: str | None
    short: str | None
    dirty: bool


@dataclass(frozen=True)
class Deployment:
    sha: str
    short: str
    parent: str | None
    unchanged: bool
    # The local branch before this commit, to put it back if the push is rejected.
    replaced: str | None


def open_repository(project: Path) -> Repository:
    if not project.is_dir():
        raise UserError("no such folder", "", project)
    result = git.run(["rev-parse", "--show-toplevel", "--absolute-git-dir"], project)
    if result.returncode != 0:
        reason = result.stderr.strip()
        if "not a git repository" in reason.lower():
            raise UserError(
                f"{project} is not inside a git repository",
                hint="run `git init`, commit the project and add a remote "
                "(git remote add origin URL)",
            )
        raise UserError(f"git cannot use {project}: {git.first_lines(reason)}")
    root, git_dir = result.stdout.splitlines()[:2]
    return Repository(Path(root), Path(git_dir))


def require_remote(repo: Repository, remote: str) -> None:
    if remote not in git.output(["remote"], repo.root).splitlines():
        raise UserError(
            f"the repository {repo.root} has no remote named '{remote}'",
            hint=f"add it with `git remote add {remote} URL`, choose another with --remote, "
            "or commit without pushing with --no-push",
        )


def refuse_current_branch(repo: Repository, branch: str) -> None:
    # Moving the checked-out branch under the user's feet would make their whole working
    # tree look changed.
    current = git.run(["symbolic-ref", "-q", "HEAD"], repo.root).stdout.strip()
    if current == f"refs/heads/{branch}":
        raise UserError(
            f"the branch '{branch}' is checked out here",
            hint="switch to the branch with your sources, or deploy to another with --branch",
        )


def refuse_unfinished_merge(repo: Repository) -> None:
    # Files of an unfinished merge hold both sides; the site would publish git's markers.
    unmerged = git.output(["ls-files", "--unmerged"], repo.root)
    if unmerged or (repo.git_dir / "MERGE_HEAD").exists():
        raise UserError(
            "a merge is not finished in this repository",
            hint="resolve the conflicts and commit (or `git merge --abort`), then deploy",
        )


def refuse_source_history(repo: Repository, branch: str, remote: str) -> None:
    # A site committed on top of a branch with the project's history would mix the two.
    head = _rev(repo, "HEAD")
    for tip in (_rev(repo, f"refs/heads/{branch}"), _rev(repo, f"refs/remotes/{remote}/{branch}")):
        if head and tip and git.run(["merge-base", head, tip], repo.root).returncode == 0:
            raise UserError(
                f"the branch '{branch}' shares history with your sources",
                hint="deploy to a branch that holds only the site, such as gh-pages (--branch)",
            )


def source_of(repo: Repository, project: Path) -> Source:
    head = git.run(["rev-parse", "--verify", "-q", "HEAD^{commit}"], repo.root)
    sha = head.stdout.strip() if head.returncode == 0 else None
    short = git.output(["rev-parse", "--short", sha], repo.root) if sha else None
    # Only the project's own files count, and not the site a previous `build` left there.
    status = git.output(
        ["status", "--porcelain", "--untracked-files=normal", "--", ".", ":(exclude)site"],
        project,
    )
    return Source(sha, short, dirty=bool(status))


def deploy_message(source: Source, version: str, message: str | None = None) -> str:
    if source.sha is None:
        subject = f"Deploy uncommitted sources with touchsite {version}"
        body = "Source: no commit yet"
    else:
        changes = " (uncommitted changes)" if source.dirty else ""
        subject = f"Deploy {source.short}{changes} with touchsite {version}"
        body = f"Source: {source.sha}" + (" with uncommitted changes" if source.dirty else "")
    # A custom message replaces the subject; the source line stays so a deploy can always be
    # traced back to what it was built from.
    return f"{message.strip() if message else subject}\n\n{body}\n"


def commit_site(repo: Repository, site: Path, branch: str, remote: str, message: str) -> Deployment:
    """Commit the folder `site` as the whole tree of `branch`, on top of its last commit."""
    tree = _write_tree(repo, site)
    parent = previous_tip(repo, branch, remote)
    args = ["commit-tree", tree, *(["-p", parent] if parent else [])]
    sha = git.output([*args, "-F", "-"], repo.root, env=_commit_dates(), stdin=message)
    local = _rev(repo, f"refs/heads/{branch}")
    # Passing the old value makes the update fail rather than lose a commit made meanwhile;
    # forty zeros mean "the branch must not exist yet".
    git.output(
        ["update-ref", "-m", "touchsite deploy", f"refs/heads/{branch}", sha, local or "0" * 40],
        repo.root,
    )
    unchanged = (
        parent is not None and git.output(["rev-parse", f"{parent}^{{tree}}"], repo.root) == tree
    )
    short = git.output(["rev-parse", "--short", sha], repo.root)
    return Deployment(sha, short, parent, unchanged, replaced=local)


def withdraw(repo: Repository, branch: str, deployment: Deployment) -> None:
    """Put the local branch back where it was before `deployment`.

    After a rejected push the new commit sits on a stale parent; left in place it would be the
    parent of the next deploy too, and every later push would be rejected again.
    """
    ref = f"refs/heads/{branch}"
    if deployment.replaced:
        git.output(
            [
                "update-ref",
                "-m",
                "touchsite deploy: withdrawn",
                ref,
                deployment.replaced,
                deployment.sha,
            ],
            repo.root,
        )
    else:
        git.output(["update-ref", "-d", ref, deployment.sha], repo.root)


def _write_tree(repo: Repository, site: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="touchsite-index-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        base = ["--git-dir", str(repo.git_dir), "--work-tree", str(site), *NEUTRAL_ADD]
        # --force: the user's ignore rules (say a global `*.html` or `.nojekyll`) must not
        # drop files from the site.
        git.output([*base, "add", "--all", "--force", "."], site, env=env)
        tree = git.output([*base, "write-tree"], site, env=env)
    names = git.output(["ls-tree", "--name-only", tree], repo.root).splitlines()
    # Without .nojekyll GitHub Pages runs Jekyll, which drops files and folders named _*.
    assert ".nojekyll" in names, "the built site has no .nojekyll"
    return tree


def previous_tip(repo: Repository, branch: str, remote: str) -> str | None:
    local = _rev(repo, f"refs/heads/{branch}")
    tracking = _rev(repo, f"refs/remotes/{remote}/{branch}")
    if local and tracking and local != tracking:
        # Deploys made elsewhere (brought by a fetch) come first, so the push is a
        # fast-forward; only deploys of our own that were never pushed stay underneath.
        return local if _is_ancestor(repo, tracking, local) else tracking
    return local or tracking


def _rev(repo: Repository, ref: str) -> str | None:
    result = git.run(["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"], repo.root)
    return result.stdout.strip() if result.returncode == 0 else None


def _is_ancestor(repo: Repository, older: str, newer: str) -> bool:
    return git.run(["merge-base", "--is-ancestor", older, newer], repo.root).returncode == 0


def _commit_dates() -> dict[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # the command line checked it
    if not epoch:
        return {}
    date = f"@{epoch.strip()} +0000"
    return {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}


def push(repo: Repository, remote: str, branch: str, force: bool, deployment: Deployment) -> None:
    """Push `branch`; if the remote has commits it lacks (someone else deployed meanwhile),
    withdraw `deployment` and stop."""
    ref = f"refs/heads/{branch}"
    args = ["push", *(["--force"] if force else []), remote, f"{ref}:{ref}"]
    result = git.run(args, repo.root)
    if result.returncode == 0:
        return
    if any(marker in result.stderr for marker in REJECTED):
        withdraw(repo, branch, deployment)
        raise UserError(
            f"{remote} rejected the push: its '{branch}' has commits this repository lacks",
            hint=f"run `git fetch {remote}` and deploy again to build on them, "
            "or deploy with --force to replace the remote branch",
        )
    raise UserError(
        f"the push to {remote} failed: {git.first_lines(result.stderr)}",
        hint=f"the commit is on the local branch '{branch}'; "
        f"push it later with `git push {remote} {branch}`",
    )
