"""`touchsite deploy`: build the site and publish it as a commit on a branch (gh-pages)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from touchsite import __version__
from touchsite.commands.build import _say_warnings
from touchsite.write.publish import (
    commit_site,
    deploy_message,
    open_repository,
    push,
    refuse_current_branch,
    refuse_source_history,
    refuse_unfinished_merge,
    require_remote,
    source_of,
)


def run_deploy(
    project: Path,
    remote: str,
    branch: str,
    message: str | None,
    no_push: bool,
    force: bool,
    strict: bool = False,
) -> None:
    from touchsite.build import build

    # Everything git can refuse is checked before the build, which may take a while.
    repo = open_repository(project)
    if not no_push:
        require_remote(repo, remote)
    refuse_current_branch(repo, branch)
    refuse_unfinished_merge(repo)
    refuse_source_history(repo, branch, remote)
    source = source_of(repo, project)
    # The site is built aside, so PROJECT/site stays as the user's last `build` left it.
    with tempfile.TemporaryDirectory(prefix="touchsite-deploy-") as scratch:
        site = Path(scratch) / "site"
        result = build(project, site, strict=strict)
        _say_warnings(result.warnings)
        text = deploy_message(source, __version__, message)
        deployment = commit_site(repo, site, branch, remote, text)
    pages = sum(1 for name in result.files if name.endswith(".html"))
    click.echo(f"Built {pages} pages for {len(result.report.touchpoints)} touchpoints.")
    unchanged = " (the site is unchanged since the last deploy)" if deployment.unchanged else ""
    if no_push:
        click.echo(f"Committed {deployment.short} to {branch}{unchanged}; not pushed.")
        return
    push(repo, remote, branch, force, deployment)
    forced = " (forced)" if force else ""
    click.echo(f"Committed {deployment.short} to {branch}{unchanged}; pushed to {remote}{forced}.")
