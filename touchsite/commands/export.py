"""`touchsite export`: journeys as Mermaid `journey` blocks or as CSV, for READMEs and sheets.

Mermaid: one journey goes out bare (a .mmd file that Mermaid's tools and `touchsite init
--from` read); several journeys, or any journey written to a .md file, go out as fenced
```mermaid blocks, which is what a README or wiki page takes. CSV: one file, one row per step;
the `journey` column tells the journeys apart; without its figures (`--no-figures`) it is what
`init --from` reads back without loss.
"""

from __future__ import annotations

from pathlib import Path

import click

from touchsite.errors import UserError

FORMATS = ("mermaid", "csv")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def run_export(
    project: Path,
    journey_id: str | None,
    output_format: str,
    output: Path | None,
    figures: bool = True,
) -> None:
    from touchsite.interop import fenced, journeys_csv, mermaid_journey
    from touchsite.pipeline import check
    from touchsite.render.i18n import Locale

    report = check(project)
    journeys = report.journeys
    if not journeys:
        raise UserError(
            "the project has no journeys to export.",
            "describe one in content/journeys/<id>.md (title, phases, steps)",
            project,
        )
    if journey_id is not None:
        known = [journey.journey.id for journey in journeys]
        if journey_id not in known:
            raise UserError(
                f"there is no journey '{journey_id}'.", f"known journeys: {', '.join(known)}"
            )
        journeys = [journey for journey in journeys if journey.journey.id == journey_id]
    if output_format == "csv":
        text = journeys_csv(journeys, figures)
    else:
        locale = Locale(report.project.config.language)
        blocks = [mermaid_journey(journey, locale) for journey in journeys]
        markdown = output is not None and output.suffix.lower() in MARKDOWN_SUFFIXES
        if len(blocks) > 1 or markdown:
            text = "\n".join(fenced(block) for block in blocks)
        else:
            text = blocks[0]
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    # newline="" keeps the '\n' line ends on Windows too, so the file is the same everywhere.
    output.write_text(text, encoding="utf-8", newline="")
    count = f"{len(journeys)} journey{'s' if len(journeys) != 1 else ''}"
    click.echo(f"Wrote {count} as {output_format} to {output}.")
