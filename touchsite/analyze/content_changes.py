"""What a consultant changed in a client map between two revisions: the settings, phases,
channels and personas of touchsite.yml, and every touchpoint, recommendation, journey (down to
its steps) and opportunity: added, removed, renamed, moved or edited.

A thing whose id changed is matched by its content (like git's rename detection), and the
references to it elsewhere are read through the rename, so renaming a touchpoint is one change,
not an edit of every journey step that names it.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from touchsite.models import KPIS, Config, Insight, Journey, Phase, Targets

MAX_DIFF_LINES = 20
# A removed and an added thing of a kind are one renamed thing when their content is at least
# this similar (git's default rename threshold), or, for the lists of touchsite.yml, when one
# took the other's place.
RENAME_SIMILARITY = 0.5

# The kinds in the order they are reported; what each compares; which of its fields point at
# another kind (so they are read through that kind's renames).
KINDS = (
    "setting",
    "phase",
    "channel",
    "persona",
    "touchpoint",
    "recommendation",
    "journey",
    "opportunity",
)
COMPARED = {
    "phase": ("title", "description"),
    "channel": ("title", "description"),
    "persona": ("title", "description"),
    "touchpoint": (
        "title",
        "phase",
        "channel",
        "type",
        "category",
        "influence",
        "direction",
        "c2c",
        "owner",
        "personas",
        "emotion",
        "value",
        "targets",
        "order",
        "lanes",
    ),
    "recommendation": (
        "title",
        "touchpoints",
        "priority",
        "impact",
        "effort",
        "status",
        "owner",
        "due",
        "kpi",
        "experiment",
    ),
    "journey": (
        "title",
        "order",
        "persona",
        "state",
        "as_is",
        "phases",
        "lanes",
        "recommendations",
    ),
    "opportunity": (
        "title",
        "journeys",
        "steps",
        "touchpoints",
        "recommendations",
        "owner",
        "status",
        "priority",
        "impact",
        "effort",
    ),
}
STEP_COMPARED = ("title", "touchpoints", "emotion", "texts", "pain_points", "needs")
STEP_COMPARED += ("recommendations",)
REFERENCES = {
    "phase": "phase",
    "channel": "channel",
    "personas": "persona",
    "persona": "persona",
    "touchpoints": "touchpoint",
    "experiment": "touchpoint",
    "recommendations": "recommendation",
    "as_is": "journey",
    "journeys": "journey",
    "phases": "phase",
    "steps": "journey",  # "journey/step": the journey part
}
# A touchpoint or step whose place on the map changed has moved.
PLACE = ("phase", "channel")
# What an added or removed thing says about itself besides its title.
SUMMARY = {
    "touchpoint": PLACE,
    "recommendation": ("status",),
    "journey": ("state",),
    "opportunity": ("status",),
}

CONFIG = "touchsite.yml"
Renames = dict[str, dict[str, str]]  # kind -> old id -> new id


@dataclass(frozen=True)
class FieldChange:
    """One key whose value changed, both values as the user would write them."""

    name: str
    old: str
    new: str


@dataclass(frozen=True)
class StepChange:
    """A journey step added, removed, moved to another phase, reordered or edited.

    `fields` hold what changed: `phase` for a move, `position` (1-based among the journey's
    steps) for a reordering, and the step's keys that were edited.
    """

    id: str
    title: str
    change: str  # added, removed, moved, reordered, edited
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Change:
    """One thing of one kind added, removed, renamed, moved or edited.

    A renamed thing (`old_id` set) may be edited too; `fields` then say how. A touchpoint
    whose phase or channel changed has `moved`. Settings are one change, id `touchsite.yml`,
    with a field per key (`kpis.targets.nps`, `analysis.min_n_confident`...).
    """

    kind: str
    change: str  # added, removed, renamed, moved, edited
    id: str
    title: str
    old_id: str = ""
    fields: tuple[FieldChange, ...] = ()
    body_diff: tuple[str, ...] = ()
    steps: tuple[StepChange, ...] = ()


@dataclass(frozen=True)
class Content:
    """A project's config and content, as the comparison reads them."""

    config: Config
    touchpoints: Sequence
    recommendations: Sequence
    journeys: Sequence[Journey]
    opportunities: Sequence

    def items(self, kind: str) -> Sequence:
        plural = "opportunities" if kind == "opportunity" else kind + "s"
        if kind in ("phase", "channel", "persona"):
            return getattr(self.config, plural)
        if kind == "journey":
            return [_as_written(journey, self.config) for journey in self.journeys]
        return getattr(self, plural)


def content_changes(old: Content, new: Content) -> tuple[tuple[Change, ...], Renames]:
    """Every change from `old` to `new`, in the order of KINDS, and the renames found."""
    renames: Renames = {kind: {} for kind in KINDS}
    changes = list(_setting_changes(old.config, new.config))
    for kind in KINDS[1:]:
        changes += _kind_changes(kind, old.items(kind), new.items(kind), renames)
    return tuple(changes), renames


def _as_written(journey: Journey, config: Config) -> Journey:
    """The journey with the phases it takes from touchsite.yml as bare ids (their titles are
    the config's, compared there) and its own phases with their titles."""
    shared = {phase.id for phase in config.phases}
    phases = tuple(Phase(p.id, "") if p.id in shared else p for p in journey.phases)
    return dataclasses.replace(journey, phases=phases)


# ---------------------------------------------------------------------------- settings


def settings(config: Config) -> dict[str, str]:
    """touchsite.yml's settings by their key as written, values as text."""
    rules, scale = config.rules, config.ces_scale
    ces_scale = ""
    if scale is not None:
        direction = as_text(scale.higher_is_better)
        ces_scale = f"{{min: {scale.low}, max: {scale.high}, higher_is_better: {direction}}}"
    return {
        "title": config.title,
        "client": config.client,
        "language": config.language,
        "base_url": config.base_url,
        "kpis.primary": config.primary_kpi,
        **{f"kpis.targets.{kpi}": as_text(config.targets.get(kpi)) for kpi in KPIS},
        "kpis.ces_scale": ces_scale,
        "analysis.min_n_shown": as_text(rules.min_n_shown),
        "analysis.min_n_confident": as_text(rules.min_n_confident),
        "analysis.period": rules.period,
        "analysis.fdr": as_text(rules.fdr),
        **{f"analysis.min_effect.{kpi}": as_text(rules.min_effect.get(kpi)) for kpi in KPIS},
        "analysis.drivers.outcome": config.drivers.outcome,
        "analysis.drivers.deletion": config.drivers.deletion,
        "privacy.comments": as_text(config.privacy.comments),
        "privacy.comment_columns": as_text(config.privacy.comment_columns),
        "strict": as_text(config.strict),
    }


def _setting_changes(old: Config, new: Config) -> list[Change]:
    before, after = settings(old), settings(new)
    changed = tuple(
        FieldChange(key, before[key], after[key]) for key in after if before[key] != after[key]
    )
    return [Change("setting", "edited", CONFIG, CONFIG, fields=changed)] if changed else []


# ---------------------------------------------------------------------------- things


def _kind_changes(
    kind: str, old_items: Sequence, new_items: Sequence, renames: Renames
) -> list[Change]:
    old_by_id = {item.id: item for item in old_items}
    new_by_id = {item.id: item for item in new_items}
    removed = [item for item in old_items if item.id not in new_by_id]
    added = [item for item in new_items if item.id not in old_by_id]
    by_position = kind in ("phase", "channel", "persona")
    renamed = _renamed(removed, added, old_items, new_items, by_position)
    renames[kind].update((a.id, b.id) for a, b in renamed)
    pairs = [(old_by_id[i], new_by_id[i]) for i in new_by_id if i in old_by_id]
    pairs += renamed
    pairs.sort(key=lambda pair: _index(new_items, pair[1]))
    changes = []
    for old, new in pairs:
        change = _edit(kind, old, new, renames)
        if change is not None:
            changes.append(change)
    gone = {a.id for a, _ in renamed}
    came = {b.id for _, b in renamed}
    changes += [_summary(kind, "added", item) for item in added if item.id not in came]
    changes += [_summary(kind, "removed", item) for item in removed if item.id not in gone]
    return changes


def _summary(kind: str, what: str, item: object) -> Change:
    """An added thing with its summary fields as new values, a removed one as old values."""
    values = [(name, as_text(getattr(item, name))) for name in SUMMARY.get(kind, ())]
    facts = tuple(
        FieldChange(name, "", value) if what == "added" else FieldChange(name, value, "")
        for name, value in values
    )
    return Change(kind, what, item.id, item.title, fields=facts)


def _index(items: Sequence, item: object) -> int:
    return next(i for i, other in enumerate(items) if other is item)


def _renamed(
    removed: list, added: list, old_items: Sequence, new_items: Sequence, by_position: bool
) -> list[tuple]:
    """Pairs of (old, new) that are one thing under a new id: the most similar first."""
    scored = []
    for old in removed:
        for new in added:
            similarity = _similarity(old, new)
            same_place = by_position and _index(old_items, old) == _index(new_items, new)
            if similarity >= RENAME_SIMILARITY or same_place:
                scored.append((not same_place, -similarity, old.id, new.id, old, new))
    pairs, taken_old, taken_new = [], set(), set()
    for *_, old, new in sorted(scored, key=lambda entry: entry[:4]):
        if old.id not in taken_old and new.id not in taken_new:
            pairs.append((old, new))
            taken_old.add(old.id)
            taken_new.add(new.id)
    return pairs


def _similarity(old: object, new: object) -> float:
    matcher = difflib.SequenceMatcher(None, _fingerprint(old), _fingerprint(new), autojunk=False)
    return matcher.ratio()


def _fingerprint(item: object) -> list[str]:
    """What a thing's file says but its id, as words to compare: each key it sets with its
    value as one word (keys left empty or false do not make two files alike), then the words
    of its text."""
    keys = [
        f"{f.name}={text}"
        for f in fields(item)
        if f.name not in ("id", "source", "line", "key_lines", "body")
        and (text := as_text(getattr(item, f.name))) not in ("", "[]", "{}", "false", "0")
    ]
    return [*keys, *getattr(item, "body", "").split()]


def _edit(kind: str, old: object, new: object, renames: Renames) -> Change | None:
    names = COMPARED[kind]
    changed = _field_changes(old, new, names, renames)
    body = _body_diff(getattr(old, "body", ""), getattr(new, "body", ""))
    steps = _step_changes(old, new, renames) if kind == "journey" else ()
    if old.id == new.id and not (changed or body or steps):
        return None
    if old.id != new.id:
        what = "renamed"
    elif kind == "touchpoint" and any(f.name in PLACE for f in changed):
        what = "moved"
    else:
        what = "edited"
    old_id = old.id if old.id != new.id else ""
    return Change(kind, what, new.id, new.title, old_id, changed, body, steps)


def _field_changes(
    old: object, new: object, names: Iterable[str], renames: Renames
) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if name in REFERENCES:
            if _through(before, REFERENCES[name], renames) == after:
                continue
        elif before == after:
            continue
        changes.append(FieldChange(name, as_text(before), as_text(after)))
    return tuple(changes)


def _through(value: object, kind: str, renames: Renames) -> object:
    """A reference (an id, ids, phases, or "journey/step" texts) read through `kind`'s
    renames."""
    mapping = renames[kind]
    if isinstance(value, str):
        journey, slash, step = value.rpartition("/")
        if slash:
            return f"{mapping.get(journey, journey)}/{step}"
        return mapping.get(value, value)
    if isinstance(value, Phase):
        return dataclasses.replace(value, id=mapping.get(value.id, value.id))
    if isinstance(value, tuple):
        return tuple(_through(item, kind, renames) for item in value)
    return value


# ---------------------------------------------------------------------------- steps


def _step_changes(old: Journey, new: Journey, renames: Renames) -> tuple[StepChange, ...]:
    """Steps matched by id: added, removed, moved to another phase, reordered, edited."""
    old_steps = {step.id: step for step in old.steps}
    new_steps = {step.id: step for step in new.steps}
    # Steps that stayed in their phase and kept their order relative to each other are in
    # place; the others were moved (another phase) or reordered.
    stayed = {
        step.id
        for step in new.steps
        if step.id in old_steps
        and _through(old_steps[step.id].phase, "phase", renames) == step.phase
    }
    kept_old = [step.id for step in old.steps if step.id in stayed]
    kept_new = [step.id for step in new.steps if step.id in stayed]
    in_order = _longest_common_order(kept_old, kept_new)
    position = {step.id: i for i, step in enumerate(old.steps, 1)}
    changes = []
    for index, step in enumerate(new.steps, 1):
        if step.id not in old_steps:
            place = FieldChange("phase", "", step.phase)
            changes.append(StepChange(step.id, step.title, "added", (place,)))
            continue
        before = old_steps[step.id]
        edited = _field_changes(before, step, STEP_COMPARED, renames)
        if _through(before.phase, "phase", renames) != step.phase:
            move = FieldChange("phase", before.phase, step.phase)
            changes.append(StepChange(step.id, step.title, "moved", (move, *edited)))
        elif step.id not in in_order:
            order = FieldChange("position", str(position[step.id]), str(index))
            changes.append(StepChange(step.id, step.title, "reordered", (order, *edited)))
        elif edited:
            changes.append(StepChange(step.id, step.title, "edited", edited))
    changes += [
        StepChange(step.id, step.title, "removed", (FieldChange("phase", step.phase, ""),))
        for step in old.steps
        if step.id not in new_steps
    ]
    return tuple(changes)


def _longest_common_order(old: list[str], new: list[str]) -> set[str]:
    """The steps that kept their order relative to each other; the others were reordered."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return {
        old[block.a + offset]
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
    }


# ---------------------------------------------------------------------------- as text


def as_text(value: object) -> str:
    """A value as the user would write it in YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Targets):
        targets = [f"{kpi}: {value.get(kpi):g}" for kpi in KPIS if value.get(kpi) is not None]
        return "{" + ", ".join(targets) + "}"
    if isinstance(value, Phase):  # a journey's own phase shows its title
        return f"{value.id} ({value.title})" if value.title else value.id
    if isinstance(value, Insight):
        return _insight_text(value)
    if isinstance(value, tuple) and all(_is_pair(item) for item in value) and value:
        return "{" + ", ".join(f"{key}: {as_text(texts)}" for key, texts in value) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(as_text(item) for item in value) + "]"
    return str(value)


def _is_pair(item: object) -> bool:
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)


def _insight_text(insight: Insight) -> str:
    parts = [
        f"{name}: {as_text(getattr(insight, name))}"
        for name in ("touchpoints", "quotes", "sources", "kpi")
        if getattr(insight, name)
    ]
    return insight.text + (f" ({'; '.join(parts)})" if parts else "")


def _body_diff(old: str, new: str) -> tuple[str, ...]:
    if old == new:
        return ()
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)"]
    return tuple(lines)
