"""A Mermaid file or a steps CSV read in, and a new project that builds written from it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from touchsite.errors import Problems
from touchsite.interop.mermaid import parse_mermaid
from touchsite.interop.model import ImportedJourney, ImportedStep, UniqueIds, round_away, slug
from touchsite.interop.table import parse_steps_csv
from touchsite.load.content import ID_PATTERN
from touchsite.models import DEFAULT_LANES, LANES
from touchsite.translation import translations

MERMAID_SUFFIXES = (".mmd", ".mermaid", ".md", ".markdown")
CSV_SUFFIXES = (".csv",)


# ---------------------------------------------------------------------------- files in


def read_import(path: Path, problems: Problems) -> ImportedJourney | None:
    """A Mermaid file (.mmd, .mermaid, or Markdown with a mermaid block) or a steps CSV."""
    suffix = path.suffix.lower()
    if suffix not in MERMAID_SUFFIXES + CSV_SUFFIXES:
        problems.add(
            path,
            None,
            f"cannot tell how to read a '{suffix or path.name}' file",
            "import a Mermaid journey (.mmd, .mermaid, .md) or a CSV of steps (.csv)",
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(path, None, f"cannot be read: {error.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if suffix not in CSV_SUFFIXES:
            problems.add(path, None, f"is not UTF-8 text (byte {error.start})", "save it as UTF-8")
            return None
        # Excel's "CSV (comma delimited)" writes Windows-1252 on German and English systems.
        text = data.decode("cp1252", errors="replace")
    if suffix in CSV_SUFFIXES:
        return parse_steps_csv(text, path, problems)
    return parse_mermaid(text, path, problems)


# ---------------------------------------------------------------------------- project out


def _dump(data: dict) -> str:
    # A wide line keeps each title on one line, so no '---' can end up on a line of its own.
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _document(front_matter: dict, body: str = "") -> str:
    return f"---\n{_dump(front_matter)}---\n{body}"


@dataclass
class _NewTouchpoint:
    id: str
    title: str
    phase: str
    channel: str
    emotion: int | None
    body: str = ""
    lanes: dict[str, list[str]] = field(default_factory=dict)

    def document(self) -> str:
        matter: dict = {"title": self.title, "phase": self.phase, "channel": self.channel}
        if self.emotion is not None:
            matter["emotion"] = self.emotion
        if self.lanes:
            matter["lanes"] = {
                lane: texts[0] if len(texts) == 1 else texts for lane, texts in self.lanes.items()
            }
        return _document(matter, self.body)

    def lane(self, lane: str) -> tuple[str, ...]:
        return tuple(self.lanes.get(lane, ()))


@dataclass
class _Plan:
    """What write_project writes, with unique ids given out as it goes."""

    language: str
    channels: dict[str, str] = field(default_factory=dict)  # title -> id
    # keyed by ("step", step id) for a step's own touchpoint, ("name", name) for a named one
    touchpoints: dict[tuple[str, str], _NewTouchpoint] = field(default_factory=dict)
    steps: list[dict] = field(default_factory=list)
    channel_ids: UniqueIds = field(default_factory=UniqueIds)
    touchpoint_ids: UniqueIds = field(default_factory=UniqueIds)
    step_ids: UniqueIds = field(default_factory=UniqueIds)

    def channel(self, title: str) -> str:
        if title not in self.channels:
            self.channels[title] = self.channel_ids.new(title, "channel")
        return self.channels[title]

    opportunities: dict[str, dict] = field(default_factory=dict)  # id -> front matter

    def touchpoint(
        self,
        key: tuple[str, str],
        wanted: str,
        title: str,
        step: ImportedStep,
        channel: str,
        emotion: int | None,
    ) -> _NewTouchpoint:
        if key not in self.touchpoints:
            own = self.touchpoint_ids.new(title, "touchpoint", wanted)
            lanes = step.touchpoint_lanes.get(wanted, {})
            self.touchpoints[key] = _NewTouchpoint(
                own, title, step.phase, channel, emotion, lanes=lanes
            )
        return self.touchpoints[key]

    def opportunity(self, found: dict, step_ref: str) -> None:
        """An opportunity an exported step names; one file, spanning all its steps."""
        matter = self.opportunities.setdefault(
            found["id"], {key: value for key, value in found.items() if key != "id"}
        )
        matter.setdefault("steps", []).append(step_ref)


def write_project(imported: ImportedJourney, target: Path, language: str) -> list[Path]:
    """Write a project that builds from an imported journey; returns the files written.

    touchsite.yml gets the journey's phases and channels (one channel "offen"/"tbd" when the
    file names none), content/touchpoints/ a touchpoint per step (or per touchpoint the file
    names), content/journeys/ the journey, whose steps keep their text lanes. No data yet.
    """
    plan = _Plan(language)
    _ = translations(language).gettext
    # TRANSLATORS: the channel of a step whose file names none, "to be decided"
    fallback = _("tbd")
    uses = Counter(name for step in imported.steps for name in step.touchpoints)
    journey_id = _journey_id(imported)
    named = {name for step in imported.steps for name in step.touchpoints if ID_PATTERN.match(name)}
    for step in imported.steps:
        step_id = plan.step_ids.new(step.title, "step", step.id)
        channels = [plan.channel(title) for title in step.channels or (fallback,)]
        emotion = None if step.emotion is None else round_away(step.emotion)
        touchpoints = []
        if not step.touchpoints and step.own_touchpoint:
            own = plan.touchpoint(
                ("step", step_id), step_id, step.title, step, channels[0], emotion
            )
            if len(step.channels) > 1:  # a touchpoint has one channel; keep the others in view
                more = _("Further channels: {channels}.")
                own.body = more.format(channels=", ".join(step.channels[1:])) + "\n"
            touchpoints.append(own)
        count = len(step.touchpoints)
        for position, name in enumerate(step.touchpoints):
            named_id = bool(ID_PATTERN.match(name))
            # An exported id that only this step uses: the step's title reads better.
            single = named_id and count == 1 and uses[name] == 1
            # one channel per touchpoint, in order, when the counts match; else the first
            aligned = len(channels) == count
            channel = channels[position] if aligned else channels[0]
            if len(step.touchpoint_titles) == count:
                title = step.touchpoint_titles[position]
            else:
                title = step.title if single else name
            own_emotion = emotion
            if step.touchpoint_emotions is not None:
                own_emotion = step.touchpoint_emotions[position]
            wanted = name if named_id else ""
            touchpoints.append(
                plan.touchpoint(("name", name), wanted, title, step, channel, own_emotion)
            )
        for found in step.opportunities:
            plan.opportunity(found, f"{journey_id}/{step_id}")
        plan.steps.append(_journey_step(step, step_id, touchpoints, named))
    return _write_files(imported, plan, target)


def _journey_id(imported: ImportedJourney) -> str:
    if imported.id and ID_PATTERN.match(imported.id):
        return imported.id
    return slug(imported.title) or "journey"


def _journey_step(
    step: ImportedStep, step_id: str, touchpoints: list[_NewTouchpoint], named: set[str]
) -> dict:
    ids = [touchpoint.id for touchpoint in touchpoints]
    entry: dict = {"id": step_id, "title": step.title, "phase": step.phase, "touchpoints": ids}
    emotions = [tp.emotion for tp in touchpoints if tp.emotion is not None]
    # A step's expected emotion defaults to its touchpoints' mean (an export writes it to two
    # decimals); write it where it differs.
    mean = sum(emotions) / len(emotions) if emotions else None
    if step.emotion is not None and (mean is None or abs(mean - step.emotion) > 0.005):
        entry["emotion"] = round_away(step.emotion)
    for lane, texts in step.texts:
        # A lane its touchpoints fill with just these texts is theirs, not the step's.
        theirs = tuple(dict.fromkeys(t for tp in touchpoints for t in tp.lane(lane)))
        if texts != theirs:
            entry[lane] = texts[0] if len(texts) == 1 else list(texts)
    for lane, items in (("pain_points", step.pain_points), ("needs", step.needs)):
        if items:
            entry[lane] = [_insight(item, named) for item in items]
    return entry


def _insight(item: str | dict, touchpoints: set[str]) -> str | dict:
    """An insight as written; its `touchpoints` only those the new project has."""
    if isinstance(item, str):
        return item
    insight = dict(item)
    if "touchpoints" in insight:
        insight["touchpoints"] = [tp for tp in insight["touchpoints"] if tp in touchpoints]
        if not insight["touchpoints"]:
            del insight["touchpoints"]
    return insight if len(insight) > 1 else insight["text"]


def _write_files(imported: ImportedJourney, plan: _Plan, target: Path) -> list[Path]:
    _ = translations(plan.language).gettext
    config: dict = {
        "title": imported.title,
        "client": _("Client (to be filled in)"),
        "language": plan.language,
        "phases": [{"id": pid, "title": title} for pid, title in imported.phases],
        "channels": [{"id": cid, "title": title} for title, cid in plan.channels.items()],
    }
    journey: dict = {"title": imported.title}
    if imported.persona:
        persona = slug(imported.persona) or "persona"
        config["personas"] = [{"id": persona, "title": imported.persona}]
        journey["persona"] = persona
    config["data"] = []
    used = {lane for step in plan.steps for lane in step if lane in LANES}
    used |= {lane for touchpoint in plan.touchpoints.values() for lane in touchpoint.lanes}
    extra = [lane for lane in LANES if lane in used and lane not in DEFAULT_LANES]
    if extra:
        journey["lanes"] = [lane for lane in LANES if lane in DEFAULT_LANES or lane in extra]
    journey["steps"] = plan.steps
    comment = _("Started with touchsite init --from. Add survey files under data: (see README).")
    files = {Path("touchsite.yml"): f"# {comment}\n" + _dump(config)}
    for touchpoint in plan.touchpoints.values():
        files[Path("content", "touchpoints", f"{touchpoint.id}.md")] = touchpoint.document()
    journey_file = Path("content", "journeys", f"{_journey_id(imported)}.md")
    files[journey_file] = _document(journey)
    for opportunity_id, matter in plan.opportunities.items():
        files[Path("content", "opportunities", f"{opportunity_id}.md")] = _document(matter)
    written = []
    for relative, content in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
