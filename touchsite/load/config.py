"""Read and check `touchsite.yml`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from touchsite.errors import Problems, UserError
from touchsite.kpi import BINARY, RELATIONSHIP_KPI, BinaryQuestion
from touchsite.load.fields import Field, read_fields
from touchsite.load.paths import HINT, escape
from touchsite.load.sources import DATABASES, read_privacy, read_sources
from touchsite.load.text import read_text, readable
from touchsite.load.yamlsource import CONFLICT_HINT, YamlList, conflict_line, parse_yaml
from touchsite.models import (
    KPIS,
    LISTWISE,
    PAIRWISE,
    Channel,
    Config,
    DataSource,
    Drivers,
    Metric,
    Persona,
    Phase,
    Rules,
    Scale,
    Targets,
)

CONFIG_FILE = "touchsite.yml"

CONFIG_FIELDS = (
    Field("title", "str", "the report's title", required=True),
    Field("client", "str", "the client's name", required=True),
    Field(
        "language",
        "str",
        "the site's language; en-US prints on US Letter instead of A4",
        default="de",
        choices=("de", "en", "en-US"),
    ),
    Field("base_url", "str", "the URL the site is published at (optional)", default=""),
    Field("phases", "raw", "the journey's phases, in order", required=True),
    Field("channels", "raw", "the channels, in order", required=True),
    Field("personas", "raw", "the personas or segments", default=()),
    Field("kpis", "map", "KPI settings: primary, targets, ces_scale, binary", default={}),
    Field("analysis", "map", "how much evidence a figure needs; trend periods", default={}),
    Field("data", "raw", "the feedback data files", default=()),
    Field("business", "map", "business figures per touchpoint: path, metrics", default={}),
    Field("branding", "map", "the client's logo and primary colour", default={}),
    Field("compare_with", "str", "a git revision to compare with on a changes page"),
    Field("privacy", "map", "comments: publish them or not; comment_columns", default={}),
    Field("strict", "bool", "every build and deploy fails on warnings too", default=False),
    Field("themes", "map", "comment themes: synonyms", default={}),
)
THEME_FIELDS = (
    Field(
        "synonyms",
        "map",
        "words counted as one in the comment themes: a word, then the words counted as it",
        default={},
    ),
)
SYNONYMS_HINT = "write each as 'Lieferung: [Zustellung, Versand]': a word, then a list of words"

ENTRY_FIELDS = (
    Field("id", "str", "a short id: lowercase letters, digits and hyphens", required=True),
    Field("title", "str", "the name shown on the site", required=True),
    Field("description", "str", "a sentence or two", default=""),
)

KPI_FIELDS = (
    Field("primary", "str", "the KPI the map shows first", default="nps", choices=KPIS),
    Field("targets", "map", "default targets for every touchpoint", default={}),
    Field("ces_scale", "map", "the CES question's scale: min, max, higher_is_better"),
    Field("binary", "map", "the yes/no question, a share of yes: label, yes_values, no_values"),
)

BINARY_FIELDS = (
    Field("label", "str", "its name on the site, e.g. Would recommend", required=True),
    # not `yes:` / `no:`: YAML reads those keys as true / false
    Field("yes_values", "list", "answers meaning yes besides Yes, Ja, true, 1", default=()),
    Field("no_values", "list", "answers meaning no besides No, Nein, false, 0", default=()),
)

DRIVERS_FIELDS = (
    Field(
        "outcome",
        "str",
        "the overall question's KPI the drivers explain",
        default=RELATIONSHIP_KPI,
        choices=KPIS,
    ),
    Field(
        "deletion",
        "str",
        "missing answers: pairwise (each pair of questions) or listwise (complete answers only)",
        default=PAIRWISE,
        choices=(PAIRWISE, LISTWISE),
    ),
)

MAX_ANSWER = 100  # the highest answer a scale may have
SCALE_FIELDS = (
    Field("min", "int", "the lowest answer, e.g. 1", required=True),
    Field("max", "int", "the highest answer, e.g. 7", required=True),
    Field(
        "higher_is_better",
        "bool",
        "true for 'the company made it easy' (agree 1-7), false for 'how much effort' (1-5)",
        required=True,
    ),
)

ANALYSIS_FIELDS = (
    Field("min_n_shown", "int", "answers needed to show a score", default=10, minimum=1),
    Field(
        "min_n_confident",
        "int",
        "answers needed to colour, rank or flag a score",
        default=30,
        minimum=1,
    ),
    Field("period", "str", "trend periods", default="month", choices=("month", "quarter")),
    Field(
        "fdr",
        "number",
        "false discovery rate for change flags",
        default=0.05,
        minimum=0.001,
        maximum=0.5,
    ),
    Field(
        "min_effect", "map", "smallest change worth flagging: nps, csat, ces, binary", default={}
    ),
    Field("drivers", "map", "key drivers: outcome, deletion", default={}),
    Field(
        "segment_dimensions",
        "list",
        "names of the parts of a segment joined from several columns, e.g. [Kundentyp, Region]",
        default=(),
    ),
)

TARGET_FIELDS = (
    Field("nps", "number", "NPS target in points, -100..100", minimum=-100, maximum=100),
    Field("csat", "number", "CSAT target: top-2-box share in percent", minimum=0, maximum=100),
    Field("ces", "number", "CES target: mean on 1-7, 7 = very easy", minimum=1, maximum=7),
    Field("binary", "number", "binary KPI target: share of yes in percent", minimum=0, maximum=100),
)

BUSINESS_FIELDS = (
    Field("path", "str", "a CSV with columns touchpoint, period, metric, value", required=True),
    Field(
        "metrics", "map", "the metrics: id -> title, unit, target, higher_is_better", required=True
    ),
)

METRIC_FIELDS = (
    Field("title", "str", "the metric's name on the site", required=True),
    Field("unit", "str", "its unit, e.g. % or €", default=""),
    Field("target", "number", "its target (optional)"),
    Field("higher_is_better", "bool", "false for costs", default=True),
)

BRANDING_FIELDS = (
    Field("logo", "str", "an image file (SVG, PNG, JPEG), relative to the project", default=""),
    Field("primary_color", "str", "a colour like #0b5cad for headers and highlights", default=""),
)

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # ids become file names and HTML ids


def load_config(root: Path, problems: Problems) -> Config | None:
    path = root / CONFIG_FILE
    if not path.is_file():
        problems.add(
            path,
            None,
            f"no touchsite.yml in {root}",
            "run touchsite in a project folder, or 'touchsite init DIR' to start one",
        )
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    if line := conflict_line(text):
        problems.add(path, line, "an unresolved merge conflict", CONFLICT_HINT)
        return None
    try:
        data = parse_yaml(text, path)
    except UserError as error:
        problems.extend(error)
        return None
    if not isinstance(data, dict):
        # Without its keys nothing else can be checked: every phase would be unknown.
        problems.add(
            path,
            getattr(data, "line", 1),
            "touchsite.yml must be a mapping of keys (title:, client:, phases:, ...)",
            "start from 'touchsite init DIR', or see the README's touchsite.yml section",
        )
        return None
    values = read_fields(data, CONFIG_FIELDS, path, problems, "touchsite.yml")
    kpis = read_fields(values["kpis"], KPI_FIELDS, path, problems, "kpis", line=_line(data, "kpis"))
    targets = read_targets(kpis["targets"], path, problems, "kpis.targets")
    ces_scale = _read_scale(kpis["ces_scale"], path, problems)
    binary = _read_binary(kpis["binary"], path, problems)
    analysis_line = _line(data, "analysis")
    rules = _read_rules(values["analysis"], path, problems, analysis_line)
    drivers = read_fields(
        (values["analysis"] or {}).get("drivers") or {},
        DRIVERS_FIELDS,
        path,
        problems,
        "analysis.drivers",
        line=_line(values["analysis"] or {}, "drivers") if values["analysis"] else analysis_line,
    )
    for kpi, where in ((kpis["primary"], "kpis.primary"), (drivers["outcome"], "drivers")):
        if kpi == BINARY and binary is None:
            problems.add(
                path,
                _line(data, "kpis") if where == "kpis.primary" else analysis_line,
                f"{where} names the binary KPI, but kpis.binary does not declare it",
                "add kpis: binary: {label: ...} with the yes/no question's name",
            )
    business = (
        read_fields(
            values["business"] or {},
            BUSINESS_FIELDS,
            path,
            problems,
            "business",
            line=_line(data, "business"),
        )
        if values["business"]
        else None
    )
    metrics = _read_metrics(business["metrics"], path, problems) if business else ()
    branding = read_fields(
        values["branding"] or {},
        BRANDING_FIELDS,
        path,
        problems,
        "branding",
        line=_line(data, "branding"),
    )
    logo, color = branding["logo"] or "", branding["primary_color"] or ""
    branding_map = values["branding"] or {}
    if color and not COLOR.match(color):
        problems.add(
            path,
            _line(branding_map, "primary_color"),
            f"primary_color '{color}' is not a colour",
            "write it as #rrggbb, e.g. #0b5cad",
        )
        color = ""
    if logo and (reason := escape(root, logo)):
        problems.add(path, _line(branding_map, "logo"), f"logo: {reason}", HINT)
        logo = ""
    if logo and not (root / logo).is_file():
        problems.add(
            path,
            _line(branding_map, "logo"),
            f"logo file '{logo}' not found",
            "the path is relative to the project folder",
        )
        logo = ""
    if logo and readable(root / logo, problems, 1) is None:  # reported at the file itself
        logo = ""
    base_url = values["base_url"] or ""
    if base_url and not base_url.startswith(("https://", "http://")):
        # The 404 page links by the URL's path, which a URL without its scheme does not have.
        problems.add(
            path,
            _line(data, "base_url"),
            f"base_url '{base_url}' is not a web address",
            f"write it in full, e.g. https://{base_url.lstrip('/')}",
        )
        base_url = ""
    sources = read_sources(values["data"], path, problems, _line(data, "data"))
    escaping = {  # a database's table is no path
        source.path: escape(root, source.path) if source.engine not in DATABASES else None
        for source in sources
    }
    for source in sources:
        if reason := escaping[source.path]:
            problems.add(path, source.line_of("path"), f"data: {reason}", HINT)
    sources = tuple(source for source in sources if not escaping[source.path])
    business_path = (business or {}).get("path") or ""
    if business_path and (reason := escape(root, business_path)):
        problems.add(path, _line(data, "business"), f"business: {reason}", HINT)
        business_path = ""
    privacy = read_privacy(values["privacy"], path, problems, _line(data, "privacy"))
    binary = binary or _binary_named_by_data(sources)
    return Config(
        title=values["title"] or "",
        client=values["client"] or "",
        language=values["language"].partition("-")[0],
        paper="letter" if values["language"] == "en-US" else "a4",
        base_url=base_url,
        phases=tuple(_catalogue(data, "phases", Phase, path, problems)),
        channels=tuple(_catalogue(data, "channels", Channel, path, problems)),
        personas=tuple(_catalogue(data, "personas", Persona, path, problems)),
        primary_kpi=kpis["primary"],
        targets=targets,
        data=sources,
        privacy=privacy,
        compare_with=values["compare_with"] or "",
        strict=bool(values["strict"]),
        ces_scale=ces_scale,
        rules=rules,
        business_path=business_path,
        business_line=_line(data, "business"),
        kpis_line=_line(data, "kpis"),
        metrics=metrics,
        logo=logo,
        brand_color=color,
        binary=binary,
        drivers=Drivers(drivers["outcome"], drivers["deletion"]),
        synonyms=_read_synonyms(data, values, path, problems),
    )


def _read_synonyms(
    data: Any, values: dict[str, Any], path: Path, problems: Problems
) -> tuple[tuple[str, str], ...]:
    """themes.synonyms as (word, name) pairs; each word and name one that can be a theme's
    word, no two of them one term (a word listed under its name's term, or under two names,
    is a problem: the one changes nothing, the other cannot be both)."""
    themes = read_fields(
        values["themes"] or {}, THEME_FIELDS, path, problems, "themes", line=_line(data, "themes")
    )
    synonyms = themes["synonyms"] or {}
    if not synonyms:
        return ()
    # imported here: the reading of comments brings Arrow and the stemmers, which a project
    # without synonyms leaves to the stages that need them (the reading forks before them)
    from touchsite.terms import language_of, theme_stem

    line = _line(values["themes"], "synonyms") if values["themes"] else _line(data, "themes")
    language = language_of(values["language"].partition("-")[0])
    pairs: list[tuple[str, str]] = []
    named: dict[str, tuple[str, str]] = {}  # stem -> (the word written, the name it is under)
    for name, words in synonyms.items():
        at = _line(synonyms, name) if hasattr(synonyms, "line_of") else line
        listed = [words] if isinstance(words, str) else words
        if not isinstance(name, str) or not isinstance(listed, list) or not listed:
            problems.add(
                path, at, f"themes.synonyms: {name!r} needs a list of words", SYNONYMS_HINT
            )
            continue
        for number, word in enumerate((name, *listed)):
            stem = theme_stem(word, language) if isinstance(word, str) else None
            if stem is None:
                problems.add(
                    path,
                    at,
                    f"themes.synonyms: {word!r} is never a theme's word: one word of three "
                    "letters or more, and no stop word or negation of the report's language",
                    "write a word customers use for the thing itself, such as 'Lieferung'",
                )
                continue
            earlier = named.get(stem)
            if earlier is None:
                named[stem] = (word, name)
                if number:
                    pairs.append((word, name))
            elif earlier[1] != name:
                problems.add(
                    path,
                    at,
                    f"themes.synonyms: {word!r} is listed under {earlier[1]!r} and {name!r}"
                    + (
                        f" (as {earlier[0]!r}, one word to the themes)"
                        if earlier[0] != word
                        else ""
                    ),
                    "list each word under one name only, and no name under another",
                )
            else:  # "Lieferung: [Lieferungen]": counted as its name already
                problems.add(
                    path,
                    at,
                    f"themes.synonyms: {word!r} is one word with {earlier[0]!r} to the themes "
                    "(every form of a word is counted as one), so listing it under "
                    f"{name!r} changes nothing",
                    "leave it out, and list other words for the same thing: "
                    "'Lieferung: [Zustellung, Versand]'",
                )
    return tuple(pairs)


def read_targets(data: Any, path: Path, problems: Problems, what: str, line: int = 1) -> Targets:
    line = getattr(data, "line", line)
    return Targets(**read_fields(data or {}, TARGET_FIELDS, path, problems, what, line=line))


def _read_scale(data: Any, path: Path, problems: Problems) -> Scale | None:
    if data is None:
        return None
    values = read_fields(data, SCALE_FIELDS, path, problems, "kpis.ces_scale", _line(data, ""))
    low, high, better = values["min"], values["max"], values["higher_is_better"]
    if low is None or high is None or better is None:
        return None
    if low >= high:
        problems.add(path, getattr(data, "line", None), "kpis.ces_scale: min must be below max")
        return None
    if low < 0 or high > MAX_ANSWER:  # answers are kept in one byte, -1 for "not answered"
        problems.add(
            path,
            getattr(data, "line", None),
            f"kpis.ces_scale: answers from 0 to {MAX_ANSWER} are read, not {low} to {high}",
            "number the answers from 0 or 1 up: a scale of -3 to 3 as 1 to 7, in the data too",
        )
        return None
    return Scale(low, high, better)


def _read_binary(data: Any, path: Path, problems: Problems) -> BinaryQuestion | None:
    if data is None:
        return None
    values = read_fields(data, BINARY_FIELDS, path, problems, "kpis.binary", _line(data, ""))
    if not values["label"]:
        return None
    yes, no = values["yes_values"], values["no_values"]
    overlap = {v.casefold() for v in yes} & {v.casefold() for v in no}
    if overlap:
        problems.add(
            path,
            getattr(data, "line", None),
            f"kpis.binary: {', '.join(sorted(overlap))} is listed as yes and as no",
            "list each answer under yes_values or under no_values",
        )
    return BinaryQuestion(values["label"], yes, no)


def _binary_named_by_data(sources: tuple[DataSource, ...]) -> BinaryQuestion | None:
    """The yes/no KPI that touchsite.yml does not declare, named by the one column its data
    entries map as binary ("Weiterempfehlung", "Würden Sie uns weiterempfehlen?"), so a
    mapping `data inspect` proposed builds as pasted; None where no column, or several
    different ones, are mapped so (a long table's `binary` names no question)."""
    columns = {
        spec.column
        for source in sources
        for scores in (source.scores, *(columns.scores for columns in source.touchpoints))
        for kpi, spec in scores
        if kpi == BINARY
    }
    return BinaryQuestion(" ".join(columns.pop().split())) if len(columns) == 1 else None


def _read_metrics(data: Any, path: Path, problems: Problems) -> tuple[Metric, ...]:
    metrics = []
    for metric_id, entry in (data or {}).items():
        line = data.line_of(metric_id) if hasattr(data, "line_of") else 1
        values = read_fields(entry, METRIC_FIELDS, path, problems, f"metric '{metric_id}'", line)
        metrics.append(
            Metric(
                str(metric_id),
                values["title"] or str(metric_id),
                values["unit"],
                values["target"],
                values["higher_is_better"],
            )
        )
    return tuple(metrics)


def _read_rules(data: Any, path: Path, problems: Problems, line: int) -> Rules:
    values = read_fields(data, ANALYSIS_FIELDS, path, problems, "analysis", line=line)
    values.pop("drivers")  # read on its own: not a rule of evidence
    effect = values.pop("min_effect")
    defaults = Rules().min_effect
    if effect:
        given = read_targets(effect, path, problems, "analysis.min_effect")
        values["min_effect"] = given.over(defaults)
    if len(values["segment_dimensions"] or ()) == 1:
        problems.add(
            path,
            line,
            "analysis: segment_dimensions names one dimension",
            "name the parts of a segment joined from several columns, e.g. "
            "segment_dimensions: [Kundentyp, Region], or leave the key out",
        )
        values["segment_dimensions"] = ()
    values["segment_dimensions"] = tuple(values["segment_dimensions"] or ())
    if values["min_n_confident"] < values["min_n_shown"]:
        problems.add(
            path,
            line,
            "analysis: min_n_confident is below min_n_shown",
            "a score must be shown before it can count as confident",
        )
    return Rules(**values)


def _line(data: Any, key: str) -> int:
    return data.line_of(key) if hasattr(data, "line_of") else 1


def _entries(data: Any, what: str, fields: tuple[Field, ...], path: Path, problems: Problems):
    items = data.get(what)
    if not items:
        return
    if not isinstance(items, list):
        problems.add(
            path,
            _line(data, what),
            f"'{what}' must be a list of entries",
            "write each on its own line as '- id: ...' with 'title: ...' below it",
        )
        return
    lines = items.item_lines if isinstance(items, YamlList) else [None] * len(items)
    for index, (item, line) in enumerate(zip(items, lines, strict=True)):
        label = f"{what}[{index + 1}]"
        yield read_fields(item, fields, path, problems, label, line=line or 1), line


def _catalogue(data: Any, what: str, model: type, path: Path, problems: Problems) -> list:
    result = []
    seen: set[str] = set()
    for entry, line in _entries(data, what, ENTRY_FIELDS, path, problems):
        if not entry["id"]:
            continue
        if not ID.match(entry["id"]):
            problems.add(
                path,
                line,
                f"'{entry['id']}' is not a usable id in {what}",
                "use lowercase letters, digits, '-' and '_'; the title may say anything",
            )
            continue
        if entry["id"] in seen:
            problems.add(
                path, line, f"duplicate id '{entry['id']}' in {what}", "ids must be unique"
            )
            continue
        seen.add(entry["id"])
        result.append(model(entry["id"], entry["title"] or entry["id"], entry["description"]))
    return result
