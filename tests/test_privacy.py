"""Personal data never reaches the published site; comments are text, never markup."""

from __future__ import annotations

import gzip
import re
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import make_config
from touchsite.__main__ import cli
from touchsite.build import build
from touchsite.load.comment_text import from_markup
from touchsite.load.privacy import (
    AT_SIGNS,
    NFKC_ASCII,
    NFKC_ASCII_BLOCKS,
    NFKC_CHANGES,
    Redactor,
    matchable,
    maybe_personal,
    without_controls,
)
from touchsite.load.privacy_patterns import SPACE_CHARACTERS
from touchsite.load.term_counts import TermCounter
from touchsite.pipeline import check

SECRETS = {
    "script": "<script>alert('x')</script>",
    "email": "erika.mustermann@example.org",
    "phone": "+49 (0)30 1234 5678",
    "iban": "DE89 3704 0044 0532 0130 00",
    "address": "Musterstraße 12",
}
COMMENT = (
    f'"Kaputt geliefert {SECRETS["script"]}. Schreiben Sie an {SECRETS["email"]}, '
    f"rufen Sie {SECRETS['phone']} an, erstatten Sie auf {SECRETS['iban']}; ich wohne in "
    f'der {SECRETS["address"]}, 10115 Berlin. **fett** [link](http://example.org)"'
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail: a.b+c@firma.de!", "mail: [email removed]!"),
        ("Ruf an: 0171 1234567", "Ruf an: [phone removed]"),
        ("(030) 123 45 67 bitte", "[phone removed] bitte"),
        ("+44 20 7946 0958, US +1 415 555 0100", "[phone removed], US [phone removed]"),
        ("IBAN DE89370400440532013000.", "IBAN [IBAN removed]."),
        ("Hauptstr. 5a, 80331 München", "[address removed]"),
        (
            "Lieferung in die Goethestrasse 7-9 klappte",
            "Lieferung in die [address removed] klappte",
        ),
        ("Am Lindenhof 3 steht der Schrank", "[address removed] steht der Schrank"),
        ("221B Baker Street", "[address removed]"),
        # no personal data: dates, prices, counts, ordinary capitalised words with a number
        ("am 12.03.2026 für 1.299,00 €", "am 12.03.2026 für 1.299,00 €"),
        ("Im Jahr 2025 gab es 3 Termine", "Im Jahr 2025 gab es 3 Termine"),
        (
            "Der Weg 3 Stunden lang, Bestellnummer 4711",
            "Der Weg 3 Stunden lang, Bestellnummer 4711",
        ),
    ],
)
def test_redactor(text: str, expected: str):
    assert Redactor("en")(text) == expected


def test_redactor_counts_each_kind():
    redact = Redactor("de")
    redacted = redact(COMMENT)
    assert redacted.count("entfernt]") == 4
    assert "ich wohne in der [Adresse entfernt]. **fett**" in redacted  # street and town
    assert dict(redact.counts) == {"email": 1, "phone": 1, "iban": 1, "address": 1}


def _with_comment(mini: Path) -> None:
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"P1,hotline,2026-03-30,2,,,{COMMENT},new\n")


def test_the_built_site_holds_no_personal_data_and_no_markup_from_comments(mini: Path):
    _with_comment(mini)
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert (
        "Personal data removed from the comments kept to publish: "
        "1 address, 2 email, 1 iban, 1 phone." in result.output
    )
    texts = {}
    for path in (mini / "site").rglob("*"):
        if path.is_file():
            texts[path] = path.read_bytes().decode("utf-8", errors="replace")
    for kind, secret in SECRETS.items():
        found = [str(path) for path, text in texts.items() if secret in text]
        assert found == [], f"{kind} published in {found}"
    page = texts[mini / "site" / "touchpoints" / "hotline.html"]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "[email removed]" in page and "[address removed]" in page
    assert "**fett** [link](http://example.org)" in page  # Markdown stays text
    quality = texts[mini / "site" / "data-quality.html"]
    assert "Street addresses: 1" in quality


def _site_texts(site: Path) -> dict[Path, str]:
    """Every written file as text; the search index's files are gzip-compressed."""
    texts = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path] = data.decode("utf-8", errors="replace")
    return texts


def test_every_output_that_shows_comments_holds_no_personal_data(mini: Path, tmp_path: Path):
    _with_comment(mini)
    # A journey step on the hotline: its thoughts lane quotes the hotline's comments, and a
    # pain point's quote word finds the comment as evidence.
    journey = {
        "title": "Complaint",
        "phases": ["after"],
        "steps": [
            {"id": "call", "title": "Call", "phase": "after", "touchpoints": ["hotline"]},
            {
                "id": "refund",
                "title": "Refund",
                "phase": "after",
                "touchpoints": ["hotline"],
                "thoughts": "Where is my money?",
                "pain_points": [{"text": "Delivered broken", "quotes": ["Kaputt"]}],
            },
        ],
    }
    folder = mini / "content" / "journeys"
    folder.mkdir()
    text = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False)
    (folder / "complaint.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    texts = _site_texts(mini / "site")
    # the paths are taken: the redacted comment is on the journey page and in the search
    # index (which reads the pages), the charts and the printable report are written
    journey_page = texts[mini / "site" / "journeys" / "complaint.html"]
    assert journey_page.count("[email removed]") >= 2  # thoughts lane and evidence quote
    assert any("pagefind" in str(path) and "Kaputt" in text for path, text in texts.items())
    assert mini / "site" / "report.html" in texts
    assert any('"data":[' in text for text in texts.values())  # chart JSON
    exports = {}
    for form, name in (("csv", "steps.csv"), ("mermaid", "journeys.md")):
        target = tmp_path / name
        result = CliRunner().invoke(cli, ["export", str(mini), "--format", form, "-o", target])
        assert result.exit_code == 0, result.output
        exports[target] = target.read_text(encoding="utf-8")
    for kind, secret in SECRETS.items():
        if kind == "script":
            continue
        found = [str(p) for p, t in (texts | exports).items() if secret in t]
        assert found == [], f"{kind} published in {found}"


def test_a_segments_value_is_published_without_personal_data(mini: Path, tmp_path: Path):
    # a segment is published (the filters, the segment tables, under each comment): a value
    # typed into a survey's field ("Kontakt") can hold an e-mail address or a phone number
    typed = {
        "email": "Rückruf an erika.mustermann@example.org",
        "phone": "Tel 0171 2345678",
        "other phone": "Tel 0172 9876543",  # published alike: one segment of two answers
        "iban": "Erstattung DE89 3704 0044 0532 0130 00",
    }
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        for number, value in enumerate(typed.values()):
            handle.write(f'Z{number},hotline,2026-03-2{number},7,,,"Lange gewartet",{value}\n')
    store = "Filiale Hauptstr. 5"  # a street names a shop: no one's home, kept
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"Z9,hotline,2026-03-29,8,,,,{store}\n")
    reduced = tmp_path / "reduced.json"
    result = CliRunner().invoke(cli, ["data", "reduce", str(mini), "-o", str(reduced)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    built = result.output
    texts = _site_texts(mini / "site") | {reduced: reduced.read_text(encoding="utf-8")}
    for kind, value in typed.items():
        secret = value.split(" ", 1)[1]
        found = [str(path) for path, text in texts.items() if secret in text]
        assert found == [], f"a segment's {kind} published in {found}"
        assert secret not in built  # nor in the build's messages
    report = build(mini).report
    counts = report.feedback.counts
    hotline = counts[(counts["touchpoint"] == "hotline") & (counts["kpi"] == "nps")]
    by_segment = hotline.groupby("segment")["n"].sum().to_dict()
    assert by_segment["Tel [phone removed]"] == 2
    assert by_segment["Rückruf an [email removed]"] == 1
    assert by_segment[store] == 1
    # said on the data-quality page: made alike, values are one segment
    quality = texts[mini / "site" / "data-quality.html"]
    assert "Personal data in a segment&#39;s value (published removed)" in quality
    # the first of the four rows, its segment's column (the eighth)
    assert "data/feedback.csv:54:8: warning: the segment's value holds what reads as" in built
    shown = {c.segment for c in report.touchpoint("hotline").comments if c.text == "Lange gewartet"}
    assert shown == {
        "Tel [phone removed]",
        "Rückruf an [email removed]",
        "Erstattung [IBAN removed]",
    }


def test_control_characters_are_taken_out_of_published_comments(mini: Path):
    # a NUL byte (and any C0 control character but tab and line breaks) is no text a page
    # may hold; one inside a number hid it from redaction as well
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            'P1,hotline,2026-03-30,2,,,"Kaputt\x00 geliefert\x07, Tel. 0171\x1b7654321",new\n'
        )
    result = build(mini)
    [comment] = [c for c in result.report.touchpoint("hotline").comments if "Kaputt" in c.text]
    assert comment.text == "Kaputt geliefert, Tel. [phone removed]"
    page = (mini / "site" / "touchpoints" / "hotline.html").read_bytes()
    assert b"Kaputt geliefert, Tel. [phone removed]" in page
    assert not any(byte in page for byte in (b"\x00", b"\x07", b"\x1b"))


def test_comments_can_be_kept_out_entirely(mini: Path):
    _with_comment(mini)
    yml = mini / "touchsite.yml"
    yml.write_text(yml.read_text() + "privacy:\n  comments: false\n", encoding="utf-8")
    result = build(mini)
    assert all(not comments for comments in result.report.feedback.comments.values())
    for path in (mini / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Kaputt geliefert" not in text and "jane.doe" not in text
    assert "Comments are not published." in (mini / "site" / "data-quality.html").read_text()


def test_comment_columns_are_allow_listed(mini: Path):
    yml = mini / "touchsite.yml"
    text = yml.read_text()
    yml.write_text(text + "privacy:\n  comment_columns: [comment]\n", encoding="utf-8")
    assert check(mini).feedback.comments  # the long table's column is allowed
    yml.write_text(text + "privacy:\n  comment_columns: [Kommentar]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert result.exit_code == 1
    assert "privacy: comment_columns names 'Kommentar', no data file's comment column" in (
        result.output
    )


def test_every_at_sign_nfkc_knows_opens_the_gate():
    # the gate before the finders must let through any character the finders read as "@"
    at_signs = {
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and "@" in unicodedata.normalize("NFKC", chr(code))
    }
    assert at_signs == set(AT_SIGNS)
    for sign in sorted(at_signs):
        text = f"Schreiben Sie an max{sign}example.com"
        assert maybe_personal(pa.array([text])) == [True]
        assert Redactor("en")(text) == "Schreiben Sie an [email removed]"


# Every character NFKC makes into one the gate reads: the finders read a text's NFKC form,
# the gate (MAYBE_PERSONAL and its Arrow hint) the text as written.
def _read_by_the_gate(char: str) -> bool:
    normal = unicodedata.normalize("NFKC", char)
    return normal != char and (
        re.search(r"[A-Za-z0-9@(\[{<‹)\]}>›]|\d|(?i:ä)", normal) is not None
        or (re.match(r"\w", char) is not None and re.search(r"\W", normal) is not None)
    )


def test_every_character_nfkc_makes_one_the_gate_reads_opens_the_gate():
    chars = [
        chr(code)
        for code in range(0x80, 0x110000)
        if not 0xD800 <= code <= 0xDFFF and _read_by_the_gate(chr(code))
    ]
    exact = re.compile(f"[{NFKC_ASCII}]")
    # written out from Python 3.11's tables: a later Unicode may add such characters
    assert [char for char in chars if not exact.match(char)] == [], (
        f"NFKC_ASCII was written out from Unicode 14.0.0's tables, this Python reads"
        f" {unicodedata.unidata_version}'s: write it out again from them"
    )
    blocks = pc.match_substring_regex(pa.array(chars), f"^[{NFKC_ASCII_BLOCKS}]$")
    assert [char for char, hit in zip(chars, blocks.to_pylist(), strict=True) if not hit] == []
    assert maybe_personal(pa.array(chars)) == [True] * len(chars)


def test_a_text_nfkc_would_change_holds_a_character_that_marks_it():
    # the hints normalise only texts with a character outside ASCII, the letters of Latin-1
    # and a few marks: each of those is its own NFKC form, alone and beside any other (NFKC
    # composes a character only with the one before it), so a text of them is its own form
    kept = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    kept = [char for char in kept if not re.fullmatch(NFKC_CHANGES, char)]
    assert "ä" in kept and "€" in kept and "„" in kept and "…" not in kept and "\u00a0" not in kept
    assert len(kept) == 128 + 64 + 9
    for first in kept:
        assert unicodedata.normalize("NFKC", first) == first
        for second in kept:
            assert unicodedata.is_normalized("NFKC", first + second), (first, second)


@given(st.text(alphabet="aÄé ß€„“–…ﬁ²\u00a0\u0308\u212bK½ｘ\u3000x-", max_size=12))
def test_arrow_marks_every_text_nfkc_changes(text: str):
    marked = pc.match_substring_regex(pa.array([text]), NFKC_CHANGES)[0].as_py()
    assert marked or unicodedata.normalize("NFKC", text) == text


# Personal data the finders read in the text's NFKC form, written in characters NFKC makes
# ASCII but the gate read as written: each was published whole and counted for its terms.
NFKC_ADDRESSES = [
    "max ⓐⓣ gmx.de",
    "max ᵃᵗ gmx.de",
    "max(ᵃ)firma.de",
    "max(ª)firma.de",
    "max‹𝐚>firma.de",
    "max‹a›firma.de",
    "max⁽a⁾firma.de",
    "𝗺𝗮𝘅@firma.de",
]
NFKC_NUMBERS = {
    "Ruf mich an: ⓪①⑦① ①②③④⑤⑥⑦": "Ruf mich an: [phone removed]",
    "IBAN DE⁸⁹ ³⁷⁰⁴ ⁰⁰⁴⁴ ⁰⁵³² ⁰¹³⁰ ⁰⁰": "IBAN [IBAN removed]",
    "Karte ④①①① ①①①① ①①①① ①①①①": "Karte [card number removed]",
}


def test_personal_data_in_characters_nfkc_makes_ascii_is_redacted_where_published_and_counted():
    texts = [f"Mail an {text} bitte" for text in NFKC_ADDRESSES] + list(NFKC_NUMBERS)
    expected = ["Mail an [email removed] bitte"] * len(NFKC_ADDRESSES)
    array = pa.array(texts, pa.large_string())
    published = Redactor("en")
    assert published.redact_all(array) == expected + list(NFKC_NUMBERS.values())
    assert [Redactor("en")(text) for text in texts] == expected + list(NFKC_NUMBERS.values())
    # the terms are counted without the addresses (numbers are no terms: left as they are)
    counted = TermCounter(make_config(language="en"))._redacted(array).to_pylist()
    assert counted == [text.replace("[email removed]", " . ") for text in expected] + list(
        NFKC_NUMBERS
    )


# An "a" or "at" between angle brackets, as typed, escaped by a web form (read back by
# from_markup) or in NFKC's forms: the address pattern read each, but the gate and the
# e-mail hint took no "<" for a bracket, and "max<a>firma.de" was published whole.
ANGLED_ADDRESSES = [
    "max<a>firma.de",
    "max<A>firma.de",
    "max < a > firma.de",
    "max<a>firma<dot>de",
    "max&lt;a&gt;firma.de",
    "max<at>firma.de",
    "max <at> firma.de",
    "max&lt;at&gt;firma.de",
    "max{at}firma.de",
    "max＜ａ＞firma.de",
    "max﹤a﹥firma.de",
    "max（ａ）firma.de",
    "max（ａｔ）firma.de",
]
# what holds an "a" between angle brackets but no address
ANGLED_TEXTS = [
    "Preis <a> 50 €",
    "Note <a> statt <b>",
    '<a href="https://example.org">Link</a> ging nicht',
    "&lt;a&gt; kaputt",
]


def test_an_address_with_an_a_between_angle_brackets_is_redacted_where_published_and_counted():
    written = from_markup(pa.array(ANGLED_ADDRESSES + ANGLED_TEXTS, pa.large_string()))
    texts = [f"Mail an {text} bitte" for text in written.to_pylist()]
    array = pa.array(texts, pa.large_string())
    expected = ["Mail an [email removed] bitte"] * len(ANGLED_ADDRESSES) + texts[
        len(ANGLED_ADDRESSES) :
    ]
    published = Redactor("en")
    assert published.redact_all(array) == expected
    assert published.counts == {"email": len(ANGLED_ADDRESSES)}
    counted = TermCounter(make_config(language="en"))._redacted(array).to_pylist()
    assert counted == [text.replace("[email removed]", " . ") for text in expected]


@pytest.mark.parametrize("space", list(SPACE_CHARACTERS))
def test_each_white_space_run_is_read_as_one_space(space: str):
    # a line break, a tab or a separator alone is a run, as two spaces or more are; the
    # finders read each run as one space (a number broken over two lines is read whole)
    text = f"Tel.{space}0171{space}{space}2345678"
    plain, origin = matchable(text)
    assert plain == "Tel. 0171 2345678"
    assert [text[index] for index in origin] == list("Tel.") + [space] + list("0171") + [
        space
    ] + list("2345678")
    alone = f"Tel. 0171{space}2345678"
    assert matchable(alone)[0] == "Tel. 0171 2345678"
    if space != " ":
        # (matchable tells a text without a run by str.isprintable: no white space but the
        # space may be a printable character)
        assert not space.isprintable()


def test_texts_read_ahead_are_given_redacted_and_counted_by_none():
    redact = Redactor()
    texts = ["Mail an max@example.org bitte", "Alles gut"]
    redact.read_ahead(texts)
    assert redact.uncounted(texts) == ["Mail an [E-Mail entfernt] bitte", "Alles gut"]
    assert not redact.counts


# texts of control characters, line breaks, tabs, DEL and characters of two to four bytes
# in UTF-8 (whose bytes are 0x80 and above), among letters
CONTROL_TEXTS = st.lists(
    st.text(st.sampled_from("a \t\n\r\x00\x01\x0b\x0c\x1f\x7f\x80\x9fä€\U0001f600"), max_size=6),
    max_size=6,
)


@example(texts=["a\x7f"], large=False, chunked=False)  # DEL alone
@example(texts=["a\n", "\x1f"], large=True, chunked=True)
@given(texts=CONTROL_TEXTS, large=st.booleans(), chunked=st.booleans())
def test_texts_are_without_controls_whatever_their_bytes(texts, large, chunked):
    # what a text keeps is worked out character by character; a slice of an array (whose
    # bytes start further on, after a text with controls) and an array in chunks are read
    # as their texts alone
    kind = pa.large_string() if large else pa.string()
    array = pa.array(["\x00\x7f", *texts, "\x01"], kind).slice(1, len(texts))
    if chunked:
        array = pa.chunked_array([array.slice(0, 2), array.slice(2)], kind)
    controls = {*map(chr, range(0x20)), "\x7f"} - set("\t\n\r")
    expected = ["".join(c for c in text if c not in controls) for text in texts]
    cleaned = without_controls(array)
    assert cleaned.to_pylist() == expected
    if expected == texts:
        assert cleaned is array  # nothing to take out: the texts as they were given
