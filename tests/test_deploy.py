"""`touchsite deploy`: the site as a commit on gh-pages, the user's checkout left alone."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from touchsite import __version__
from touchsite.__main__ import cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(autouse=True)
def clean_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git as on a fresh CI machine: no user config, no identity but the one given here."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")
        monkeypatch.delenv(f"GIT_{role}_DATE", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


@dataclass
class Repos:
    source: Path
    remote: Path

    def checkout_state(self) -> tuple[str, ...]:
        """Everything deploy must not change: status, index, HEAD and its branch."""
        return (
            git(self.source, "status", "--porcelain", "--untracked-files=all"),
            git(self.source, "ls-files", "--stage"),
            git(self.source, "symbolic-ref", "HEAD"),
            git(self.source, "rev-parse", "HEAD"),
        )


@pytest.fixture
def repos(mini: Path, tmp_path: Path) -> Repos:
    """The mini project committed on main, with a bare repository as `origin`."""
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-q", "-m", "The mini client")
    remote = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(mini, "remote", "add", "origin", str(remote))
    git(mini, "push", "-q", "origin", "main")
    return Repos(mini, remote)


def deploy(*args: str):
    return CliRunner().invoke(cli, ["deploy", *args])


def files(repo: Path, ref: str) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", ref).splitlines())


def test_deploy_commits_the_site_to_gh_pages_and_pushes(repos: Repos):
    before = repos.checkout_state()
    result = deploy(str(repos.source))
    assert result.exit_code == 0, result.output
    pushed = git(repos.remote, "rev-parse", "gh-pages")
    assert f"Committed {pushed[:7]}" in result.output
    assert "to gh-pages; pushed to origin." in result.output
    assert {"index.html", ".nojekyll", "touchpoints/hotline.html"} <= files(
        repos.remote, "gh-pages"
    )
    source = git(repos.source, "rev-parse", "HEAD")
    message = git(repos.remote, "log", "-1", "--format=%B", "gh-pages")
    assert message.startswith(f"Deploy {source[:7]} with touchsite {__version__}")
    assert f"Source: {source}" in message
    assert "uncommitted" not in message
    assert git(repos.source, "rev-parse", "refs/heads/gh-pages") == pushed
    assert repos.checkout_state() == before
    # The site was built aside: the project holds no site/ folder afterwards.
    assert not (repos.source / "site").exists()


def test_deploy_leaves_a_dirty_checkout_alone(repos: Repos):
    (repos.source / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(repos.source, "add", "notes.txt")
    (repos.source / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    hotline = repos.source / "content" / "touchpoints" / "hotline.md"
    hotline.write_text(hotline.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    before = repos.checkout_state()
    assert deploy(str(repos.source)).exit_code == 0
    assert repos.checkout_state() == before
    assert "Edited." in hotline.read_text(encoding="utf-8")
    message = git(repos.remote, "log", "-1", "--format=%B", "gh-pages")
    assert "(uncommitted changes)" in message.splitlines()[0]
    # The site holds the edit, though it is not committed.
    hotline_page = git(repos.remote, "show", "gh-pages:touchpoints/hotline.html")
    assert "Edited." in hotline_page
    assert "notes.txt" not in files(repos.remote, "gh-pages")


def test_a_second_deploy_builds_on_the_first(repos: Repos):
    assert deploy(str(repos.source)).exit_code == 0
    first = git(repos.remote, "rev-parse", "gh-pages")
    result = deploy(str(repos.source))
    assert result.exit_code == 0, result.output
    assert "unchanged since the last deploy" in result.output
    second = git(repos.remote, "rev-parse", "gh-pages")
    assert second != first
    assert git(repos.remote, "rev-parse", "gh-pages^") == first
    assert git(repos.remote, "rev-parse", "gh-pages^{tree}") == git(
        repos.remote, "rev-parse", "gh-pages^^{tree}"
    )


def test_changed_content_changes_the_tree(repos: Repos):
    assert deploy(str(repos.source)).exit_code == 0
    hotline = repos.source / "content" / "touchpoints" / "hotline.md"
    text = hotline.read_text(encoding="utf-8")
    hotline.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    git(repos.source, "commit", "-q", "-am", "Rename the hotline")
    assert deploy(str(repos.source)).exit_code == 0
    assert git(repos.remote, "rev-parse", "gh-pages^{tree}") != git(
        repos.remote, "rev-parse", "gh-pages^^{tree}"
    )
    assert "Renamed" in git(repos.remote, "show", "gh-pages:touchpoints/hotline.html")
    source = git(repos.source, "rev-parse", "HEAD")
    assert f"Source: {source}" in git(repos.remote, "log", "-1", "--format=%B", "gh-pages")


def test_a_fresh_clone_builds_on_the_remote_branch(repos: Repos):
    assert deploy(str(repos.source)).exit_code == 0
    first = git(repos.remote, "rev-parse", "gh-pages")
    # As in a new clone: only origin/gh-pages is known, no local gh-pages branch.
    git(repos.source, "branch", "-q", "-D", "gh-pages")
    git(repos.source, "fetch", "-q", "origin")
    assert deploy(str(repos.source)).exit_code == 0
    assert git(repos.remote, "rev-parse", "gh-pages^") == first


def test_no_push_commits_locally_only(repos: Repos):
    result = deploy(str(repos.source), "--no-push", "--branch", "pages", "-m", "Preview")
    assert result.exit_code == 0, result.output
    assert "to pages; not pushed." in result.output
    assert "index.html" in files(repos.source, "pages")
    message = git(repos.source, "log", "-1", "--format=%B", "pages")
    assert message.startswith("Preview\n")
    assert git(repos.remote, "branch", "--list") == "* main"


def test_a_rejected_push_suggests_force(repos: Repos):
    assert deploy(str(repos.source)).exit_code == 0
    pushed = git(repos.remote, "rev-parse", "gh-pages")
    # Forget the deploy locally, so the next one starts a history the remote does not have.
    git(repos.source, "branch", "-q", "-D", "gh-pages")
    git(repos.source, "update-ref", "-d", "refs/remotes/origin/gh-pages")
    # Another message, or within the same second the commit would be the pushed one again.
    result = deploy(str(repos.source), "-m", "Another history")
    assert result.exit_code == 1
    assert "rejected" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert git(repos.remote, "rev-parse", "gh-pages") == pushed
    # The rejected commit is withdrawn, so a fetch and a new deploy build on the remote's.
    assert git(repos.source, "branch", "--list", "gh-pages") == ""
    result = deploy(str(repos.source), "--force", "-m", "Another history")
    assert result.exit_code == 0, result.output
    assert "pushed to origin (forced)." in result.output
    forced = git(repos.remote, "rev-parse", "gh-pages")
    assert forced != pushed
    assert git(repos.remote, "rev-list", "--count", "gh-pages") == "1"


def test_source_date_epoch_sets_the_commit_dates(repos: Repos, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert deploy(str(repos.source), "--no-push").exit_code == 0
    dates = git(repos.source, "log", "-1", "--format=%at %ct", "gh-pages")
    assert dates == "1700000000 1700000000"


def test_outside_a_git_repository_is_an_error(mini: Path):
    result = deploy(str(mini))
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.output
    assert "Traceback" not in result.output
    assert not (mini / "site").exists()


def test_an_unknown_remote_is_an_error(repos: Repos):
    result = deploy(str(repos.source), "--remote", "upstream")
    assert result.exit_code == 1
    assert "no remote named 'upstream'" in result.output
    assert "Traceback" not in result.output
    assert git(repos.source, "branch", "--list", "gh-pages") == ""


def test_missing_git_is_an_error(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = deploy(str(mini))
    assert result.exit_code == 1
    assert "git was not found" in result.output


def test_deploying_the_checked_out_branch_is_refused(repos: Repos):
    result = deploy(str(repos.source), "--branch", "main")
    assert result.exit_code == 1
    assert "'main' is checked out here" in result.output
    assert git(repos.source, "status", "--porcelain") == ""


def test_a_project_mistake_names_the_file_and_commits_nothing(repos: Repos):
    (repos.source / "site").mkdir()
    (repos.source / "site" / "old.html").write_text("last build", encoding="utf-8")
    hotline = repos.source / "content" / "touchpoints" / "hotline.md"
    text = hotline.read_text(encoding="utf-8")
    hotline.write_text(text.replace("phase: after", "phase: afterwards"), encoding="utf-8")
    result = deploy(str(repos.source))
    assert result.exit_code == 1
    assert "content/touchpoints/hotline.md:3: error: unknown phase 'afterwards'" in result.output
    assert "Traceback" not in result.output
    assert git(repos.source, "branch", "--list", "gh-pages") == ""
    assert [p.name for p in (repos.source / "site").iterdir()] == ["old.html"]


def test_strict_refuses_a_site_with_warnings(repos: Repos):
    feedback = repos.source / "data" / "feedback.csv"
    lines = feedback.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "Z001,nowhere,2026-01-10,9,5,,,new\n")  # an unknown touchpoint: left out
    feedback.write_text("".join(lines), encoding="utf-8")
    result = deploy(str(repos.source), "--strict")
    assert result.exit_code == 1
    assert "data/feedback.csv:2" in result.output and "nowhere" in result.output
    assert git(repos.source, "branch", "--list", "gh-pages") == ""
    config = repos.source / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8")
    assert deploy(str(repos.source)).exit_code == 1
    assert git(repos.source, "branch", "--list", "gh-pages") == ""


def test_an_unfinished_merge_is_refused(repos: Repos):
    hotline = repos.source / "content" / "touchpoints" / "hotline.md"
    text = hotline.read_text(encoding="utf-8")
    git(repos.source, "switch", "-q", "-c", "workshop")
    hotline.write_text(text.replace("title: ", "title: Workshop ", 1), encoding="utf-8")
    git(repos.source, "commit", "-q", "-am", "Workshop title")
    git(repos.source, "switch", "-q", "main")
    hotline.write_text(text.replace("title: ", "title: Main ", 1), encoding="utf-8")
    git(repos.source, "commit", "-q", "-am", "Main title")
    merge = subprocess.run(["git", "merge", "workshop"], cwd=repos.source, capture_output=True)
    assert merge.returncode != 0  # a conflict: the file holds git's markers now
    result = deploy(str(repos.source))
    assert result.exit_code == 1
    assert "a merge is not finished" in result.output
    assert git(repos.remote, "branch", "--list") == "* main"


def test_a_branch_with_the_sources_history_is_refused(repos: Repos):
    git(repos.source, "branch", "feature")
    result = deploy(str(repos.source), "--branch", "feature")
    assert result.exit_code == 1
    assert "the branch 'feature' shares history with your sources" in result.output
    assert git(repos.source, "rev-parse", "feature") == git(repos.source, "rev-parse", "main")


def test_fetch_and_deploy_again_recovers_after_someone_elses_deploy(repos: Repos, tmp_path: Path):
    # A local deploy that was never pushed, then a colleague deploys from their clone.
    assert deploy(str(repos.source), "--no-push", "-m", "Mine, not pushed").exit_code == 0
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(repos.remote), str(colleague))
    result = CliRunner().invoke(cli, ["deploy", str(colleague), "-m", "Theirs"])
    assert result.exit_code == 0, result.output
    theirs = git(repos.remote, "rev-parse", "gh-pages")
    assert deploy(str(repos.source), "-m", "Mine").exit_code == 1  # rejected: not fetched
    git(repos.source, "fetch", "-q", "origin")
    result = deploy(str(repos.source), "-m", "Mine")
    assert result.exit_code == 0, result.output
    assert git(repos.remote, "rev-parse", "gh-pages^") == theirs
