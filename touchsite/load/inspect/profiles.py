"""What each column of an export holds: dates, ids, numbers, answer labels, or text."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.kpi import BINARY_ANSWERS, scale_change_in
from touchsite.load.comment_text import comments_only
from touchsite.load.dates import find_format, named_order, to_iso
from touchsite.load.engines import scan
from touchsite.load.formats import FileShape, detect, open_reader, release_workbook
from touchsite.load.formats.layouts import GOOGLE_QUIZ_SCORES, STAR_RATINGS, SURVEYMONKEY_IDS
from touchsite.load.formats.xlsx_file import busiest_sheet
from touchsite.load.inspect.survey_tools import survey_tool
from touchsite.load.mapping.columns import normal
from touchsite.load.mapping.labels import (
    AGREE_SCALES,
    AGREE_WORDS,
    CSAT_EXCELLENT_LABELS,
    CSAT_LABELS,
    EFFORT_SCALES,
    EFFORT_WORDS,
    GRADE_LABELS,
    HELP_DESK_LABELS,
    NOT_USED,
    against_words,
    doubted_points,
    excellent_to_poor,
    likeliest_scale,
    school_grades,
)
from touchsite.load.mapping.long_table import STRAY_CELL, blank_rows, header_rows_again
from touchsite.load.mapping.scores import leading_number
from touchsite.load.mapping.status import marked_not_real, statuses
from touchsite.load.progress import Progress
from touchsite.load.sources import DATABASES
from touchsite.models import DataSource

# compared after case folding, which writes "weiß nicht" as "weiss nicht"
NOT_USED_KEYS = frozenset(normal(value) for value in NOT_USED)
# the words of the scales a column's answers are read on
SCALE_WORDS = (CSAT_LABELS, CSAT_EXCELLENT_LABELS, GRADE_LABELS, AGREE_WORDS, EFFORT_WORDS)
SCALE_WORDS += (HELP_DESK_LABELS,)
# The words only a rating from "Ausgezeichnet" down or a school grade in words has
# ("Ausgezeichnet", "Befriedigend"): a point of those scales alone, no other's
OWN_SCALE_WORDS = (CSAT_EXCELLENT_LABELS.keys() | GRADE_LABELS.keys()) - CSAT_LABELS.keys()
OWN_SCALE_WORDS -= AGREE_WORDS | EFFORT_WORDS | HELP_DESK_LABELS.keys()
SAMPLE_ROWS = 20_000
MAX_DISTINCT = 200
MAX_STRAYS = 3  # answers that are no number, in a column of numbers (stray_answers)
NPS_WORDS = ("empfehl", "recommend", "nps")
CES_WORDS = ("einfach", "aufwand", "mühe", "easy", "effort")
# A question on ten or eleven points that asks these is a rating, no NPS: "Wie zufrieden
# sind Sie (0-10)?", "How would you rate our hotline (1-10)?"
SATISFACTION_WORDS = ("zufrieden", "satisf")
RATING_WORDS = ("rate", "rating", "bewert")
# A rating of how much something matters, no satisfaction with it: a side-by-side question's
# "Wichtigkeit" beside its "Zufriedenheit", "How important is ...?". Asked, not mentioned: a
# rating of "Infos zu wichtigen Terminen" or of "your most important request" is a rating.
IMPORTANCE_ASKED = re.compile(
    r"\bwichtig\b|wichtigkeit|\bbedeutung\b|\bhow important\b|\bimportance\b"
    r"|(?:^|- )important(?: -|$)"
)
ID_NAMES = {"id", "response_id", "responseid", "response id", "respondent id", "antwort-id"}
ID_NAMES |= {"befragten-id", "teilnehmer-id", "#", "lfd. nr.", "nr.", "respondent"}
ID_NAMES |= {"lfdn", "laufende nummer", "caseid"}  # SPSS files from market research
ID_NAMES |= {"antwort id", "case"}  # LimeSurvey's German heading, SoSci Survey's CASE
ID_NAMES |= {"submission id"}  # Tally's and Jotform's
DATE_NAMES = ("datum", "date", "timestamp", "zeitstempel", "submit", "created", "erstellt")
# A response's own date, and the dates of what happened to it before or after, which an
# export may hold beside it: a review's reply and last edit, a survey's start.
OWN_DATE_WORDS = ("created", "submit", "recorded", "end", "completed", "erstellt", "abgeschickt")
OWN_DATE_WORDS += ("completion", "fertigstellung")  # Microsoft Forms' "Completion time"
OWN_DATE_WORDS += ("abgesendet", "eingereicht", "beendet", "abgeschlossen")
OWN_DATE_WORDS += ("create",)  # Google's reviews' createTime, an API's createdAt
# a feedback tool's: AskNicely's Responded, Intercom's Rated at, a survey's Answered
OWN_DATE_WORDS += ("responded", "rated", "answered", "beantwortet", "bewertet")
OTHER_DATE_WORDS = ("reply", "replied", "update", "modified", "changed", "start", "last")
OTHER_DATE_WORDS += ("letzte", "geändert", "aktualisiert", "gestartet", "begonnen", "beginn")
# what happened to a ticket or a survey before or after the answer: AskNicely's Sent,
# Zendesk's Solved at, Assigned at, Initially assigned at
OTHER_DATE_WORDS += ("sent", "solved", "resolved", "closed", "assigned", "invited", "received")
OTHER_DATE_WORDS += ("gesendet", "versendet", "gelöst", "geschlossen", "zugewiesen")
NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
OTHER_DATE_WORD = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(OTHER_DATE_WORDS)})")
# A moment named for what happened then: "Solved at", "created_at", "Responded on"; an API's
# camel case ("createdAt", "ratedAt") by the name as written
MOMENT_NAME = re.compile(r"(?:[ _](?:at|on)|[a-z](?:At|On))$")
# A date written with its time of day, as a system records a moment (no customer types one):
# a column holding such, whatever its name, is a date where its values read as dates
WITH_TIME = re.compile(
    r"^\s*(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4})"
    r"[ T][0-9]{1,2}:[0-9]{2}"
)
# Columns that hold who answered: their answers are never shown as examples nor proposed
# as comments (a name, an address is no customer's comment, and an inspection's output
# ends up in logs and on shared screens). By the whole (normal) name: a question about the
# "phone support" is no phone number.
PERSONAL_NAMES = {"name", "user", "reviewer", "author", "vorname", "nachname", "kundenname"}
PERSONAL_NAMES |= {"nickname", "spitzname"}
PERSONAL_NAMES |= {"address", "street address", "adresse", "anschrift", "postal", "zip"}
PERSONAL_NAMES |= {"postal code", "zip code", "plz", "postleitzahl", "ip", "ip address"}
PERSONAL_NAMES |= {"ip-adresse", "phone", "phone number", "telefon", "telefonnummer", "mobile"}
PERSONAL_NAMES |= {"email", "e-mail", "email address", "e-mail address", "e-mail-adresse"}
# a help desk's ticket export (Zendesk's): the customer who asked, and the agent on it
PERSONAL_NAMES |= {"requester", "submitter", "assignee"}
PERSONAL_NAMES |= {"anfragender", "anfragende", "einreicher"}  # Zendesk in German
# a feedback tool's customer, by name: HubSpot's "Contact", Retently's "Customer"
PERSONAL_NAMES |= {"contact", "customer", "kontakt", "kunde"}
# The client's employee on the case, where the feedback tool names them: Freshdesk's "Agent",
# Intercom's "Teammate assigned" and "Teammate rated", AskNicely's "Team member", a CRM's
# "Account manager" beside a Delighted response (ColumnProfile.staff)
STAFF_NAMES = {"agent", "agent name", "assigned agent", "teammate", "teammate assigned"}
STAFF_NAMES |= {"teammate rated", "team member", "account manager", "assigned to", "employee"}
STAFF_NAMES |= {"employee name", "sachbearbeiter", "bearbeiter", "bearbeitet von", "berater"}
STAFF_NAMES |= {"beraterin", "mitarbeiter", "mitarbeiterin", "kundenberater", "csm"}
# A JSON record's object that holds who answered: every key under it is personal (Google's
# reviewer.displayName and reviewer.profilePhotoUrl, Trustpilot's consumer.*, Delighted's
# person.*), as is a key whose own name is (contact.email)
PERSON_OBJECTS = {"reviewer", "author", "user", "customer", "consumer", "contact", "person"}
PERSON_OBJECTS |= {"respondent", "requester", "submitter", "assignee", "recipient"}
# Words that name a column of the client's own notes, not a question customers answered
# ("Notiz", "Interne Notiz", "Kommentar Sachbearbeiter", "Analyst notes"): only a name of
# such words alone, with the words for a note beside them. A question names more ("Begründung
# Ihrer Note", where a Note is a grade; "Kommentar zum Sachbearbeiter"; "Any other notes?").
INTERNAL_WORDS = {"notiz", "notizen", "notes", "intern", "interne", "interner", "internal"}
INTERNAL_WORDS |= {"bearbeiter", "sachbearbeiter", "analyst"}
NOTE_WORDS = {"kommentar", "kommentare", "comment", "comments", "bemerkung", "bemerkungen"}
NOTE_WORDS |= {"vermerk", "vermerke", "note"}
# The client's people, whose notes a help desk's or a call centre's export carries beside
# the ratings ("Agent notes", "Staff comment", "Kommentar Mitarbeiter"): theirs only with a
# word for a note beside them ("Agent" alone is who helped, "Staff" a question's short name).
STAFF_WORDS = {"agent", "agents", "staff", "mitarbeiter", "mitarbeiterin", "berater"}
STAFF_WORDS |= {"beraterin", "consultant", "rep"}
# A column of the company's replies to reviews, beside the reviews (Trustpilot's "Reply
# Content", Google Play's "Developer Reply Text", the App Store's "Developer Response",
# Google's "Response from the owner"): the company's words, never customers' comments. By
# the name as a whole or these phrases: "What do you think of our reply?" is a question.
# Google's reviews hold the owner's under reviewReply (reviewReply.comment); eKomi's is the
# "Kommentar des Händlers", Tripadvisor's the "Management response", HolidayCheck's and
# kununu's the hotelier's or the employer's "Antwort" or "Kommentar".
# The reply named ends the name, or a word for its text does ("Developer Reply Text",
# reviewReply.comment): "Management response time" (hours), "Owner response date" and
# "Review reply count" are figures about the replies, not their words.
REPLY_NAME = re.compile(
    r".*\b(review ?reply|"
    r"(company|developer|owner|merchant|business|seller|shop|management)('s)? (reply|response)|"
    r"reply (content|text)|response from (the )?(owner|management)|"
    r"(unternehmens|händler|shop|hotelier|arbeitgeber)-?(antwort|kommentar)|"
    r"(antwort|kommentar) (des|vom) (unternehmens|unternehmen|händlers|händler|inhabers|"
    r"anbieters|anbieter|shops|shop|hoteliers|hotels|gastgebers|arbeitgebers|arbeitgeber)|"
    r"stellungnahme (des|der|vom) [^\W\d_]+)"
    r"([\s._:-]+(text|content|comment|body|message|inhalt|wortlaut))?"
)
# A review's title, beside its text (Trustpilot's "Review Title", Google Play's, Tripadvisor's,
# HolidayCheck's, kununu's and ProvenExpert's "Titel", the App Store's attributes.title,
# Glassdoor's "Headline"): the reviewer's headline, a few words over what they wrote. The
# text is the comment; the title, first in the row, was proposed in its place.
TITLE_NAME = re.compile(
    r"((review|bewertungs|rezensions)[ -]?)?(title|titel|headline|überschrift)|"
    r"(titel|überschrift) der (bewertung|rezension)|(title|headline) of (the )?review|"
    r"review summary"
)
# A column of replies named by that alone ("Reply", "Response", "Antwort"; Amazon's feedback
# report's "Response", a Google reviews export's "Reply"): the company's, where the file holds
# customers' texts beside it (a long table's "Question", "Response" holds customers' answers)
BARE_REPLY_NAMES = {"reply", "response", "antwort", "replies", "responses", "antworten"}
BARE_REPLY_NAMES |= {"your reply", "your response"}  # Amazon's Seller Central download
# ... and a record's nested reply by its text's key (Trusted Shops' reviews API:
# reply.comment beside the review's comment; Google's reviewReply.comment is REPLY_NAME's)
REPLY_TEXT_KEYS = {"comment", "text", "content", "body", "message"}
# A customer's order or case, by which the client's systems find the customer (Trustpilot's
# "Reference Id", eKomi's and Trusted Shops' "Bestellnummer", Trusted Shops' API's
# orderReference, Amazon's "Order ID"): no examples shown, as of a name
PERSONAL_NAMES |= {"order id", "order number", "order no", "order no.", "order reference"}
PERSONAL_NAMES |= {"reference id", "reference number", "bestellnummer"}
PERSONAL_NAMES |= {"bestell-nr.", "bestellnr.", "bestell-id", "auftragsnummer", "auftrags-nr."}
PERSONAL_NAMES |= {"referenznummer", "kundennummer", "customer id", "customer number"}
# ... and the customer's account, contract or membership with the client, as enterprise
# feedback platforms (Medallia) export it from the CRM beside the answers
PERSONAL_NAMES |= {"account number", "account id", "account no", "account no.", "kundenkonto"}
PERSONAL_NAMES |= {"kunden-nr.", "kundennr.", "kd.-nr.", "kd-nr.", "vertragsnummer"}
PERSONAL_NAMES |= {"contract number", "member id", "membership number", "mitgliedsnummer"}
# ... and Qualtrics' ExternalReference, its contact's External Data Reference: the id the
# client's own systems (a CRM) give the customer
PERSONAL_NAMES |= {"external reference", "external data reference", "externe datenreferenz"}
# where they answered, as Qualtrics finds it from the IP address
PERSONAL_NAMES |= {"latitude", "longitude", "location latitude", "location longitude"}
# ... and Typeform's Network ID, a hash of the network (the IP address) it came from
PERSONAL_NAMES |= {"network id"}
# ... and a reviews scraper's reviewer, as Outscraper and Apify save Google's reviews: the
# name ("author_title"), the profile's id, address and photo ("reviewerUrl")
PERSONAL_NAMES |= {"author title", "author id", "author link", "author image", "author url"}
PERSONAL_NAMES |= {"reviewer id", "reviewer url", "reviewer photo url", "reviewer link"}
# "<who> name", "<who> email": "Full Name", "Customer Email", "Rater Email", and Qualtrics'
# "Recipient First Name"
OWNERS = {"full", "first", "last", "your", "customer", "contact", "respondent", "user"}
OWNERS |= {"reviewer", "author", "rater", "ihr", "kunden", "requester", "submitter", "assignee"}
OWNERS |= {"recipient"}
# ... Trustpilot's "Consumer Name", "Consumer Email", "Review Username"
OWNERS |= {"consumer", "review"}
# ... and the App Store's reviewerNickname, the name a reviewer goes by there
OWNED = {"name", "email", "e-mail", "phone", "nickname", "username"}
PERSONAL_NAMES |= {"username", "user name", "benutzername", "nutzername"}
# a birth date, as a custom variable or a CRM's field carries it beside the answers: days, so
# read as a date column were they not personal (and shown as a range of dates)
PERSONAL_NAMES |= {"geburtsdatum", "geburtstag", "geb.-datum", "geb. datum", "birthday"}
PERSONAL_NAMES |= {"date of birth", "birth date", "birthdate", "dob"}
# German names the owner after what is owned: Trustpilot's "Name des Verbrauchers", "E-Mail
# des Kunden", "Vorname der Kundin"
OWNED_DE = OWNED | {"vorname", "nachname", "e-mail-adresse", "telefonnummer", "anschrift"}
OWNED_DE |= {"adresse"}
OWNERS_DE = {"verbrauchers", "verbraucherin", "kunden", "kundin", "bewerters", "bewerterin"}
OWNERS_DE |= {"autors", "autorin", "nutzers", "nutzerin", "käufers", "käuferin", "gastes"}
OWNERS_DE |= {"teilnehmers", "teilnehmerin", "befragten", "reviewers", "rezensenten"}
OWNERS_DE |= {"anfragenden", "einreichers"}  # Zendesk's "E-Mail des Anfragenden"
# Words written together, as Qualtrics tags its columns: "RecipientFirstName", "IPAddress";
# or joined by underscores, as an API's keys and Wootric's export: "ip_address"
WORDS_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_")
# Tool columns that are numbers but never scores.
METADATA = {
    "progress",
    "responseset",
    "duration (in seconds)",
    "finished",
    "status",
    "locationlatitude",
    "locationlongitude",
    "collector id",
    "respondent id",
    "network id",
    # LimeSurvey's (as exported, and with German headings)
    "lastpage",
    "letzte seite",
    "seed",
    "zufallsstartwert",
    "startlanguage",
    "start-sprache",
    # Wootric's: a response excluded from its NPS (mapping/status.py), one completed
    "excluded_from_calculations",
    "completed",
}
# A response's completion flag, as German survey tools write it beside the answers
# (LamaPoll's and SurveyMonkey's German "Abgeschlossen" ja/nein, "Vollständig", "Beendet"),
# and an English tool's "Complete": whether the respondent reached the survey's end, no
# answer of yes or no to a question, so never the binary KPI
METADATA |= {"abgeschlossen", "vollständig", "beendet", "complete"}
# AskNicely's flags on a response: whether its comment may be published as a testimonial
# (Published, Yes or No; its API's published 0 or 1), whether the contact may be surveyed
# again (dontcontact): the company's, no answer of yes or no to a question
METADATA |= {"published", "dontcontact", "do not contact", "don't contact"}
# QuestionPro's: its duplicate flag (0 or 1, a response from the same respondent or device
# again: no yes/no answer), the response's number in the survey, the seconds it took
METADATA |= {"duplicate", "seq. number", "time taken to complete (seconds)"}
# Zendesk's ticket counts and times beside its satisfaction rating: "Reopens" of 0 and 1 is
# no yes/no question, nor "Replies" of 1 to 4 a satisfaction
METADATA |= {"reopens", "replies", "assignee stations", "group stations"}
# ... and their ends: Qualtrics' NPS groups (Q1_NPS_GROUP: 1 detractor, 2 passive, 3 promoter)
METADATA_ENDS = ("_nps_group", "in minutes")
# ... and their starts: Qualtrics' fraud detection and response quality, which it exports
# beside the answers where they are on (Q_RecaptchaScore 0-1, Q_RelevantIDDuplicate "true",
# Q_RelevantIDFraudScore 0-100, Q_BallotBoxStuffing, Q_StraightliningCount 0-n...): a
# duplicate's "true" is no yes/no answer, nor a count of straight-lined questions a CES
METADATA_STARTS = ("q_recaptcha", "q_relevantid", "q_ballotbox", "q_straightlining")
METADATA_STARTS += ("q_unanswered", "q_totalduration", "q_datapolicy", "q_duplicate")
# ... of which those that flag a response as a bot's, a fraud's or a duplicate, each by the
# threshold Qualtrics' fraud detection names: a reCAPTCHA score below 0.5 ("likely a bot"),
# a RelevantID fraud score of 30 or more, a duplicate score of 75 or more, a duplicate's
# "true". A build counts them as any other response (Qualtrics' Status marks them only
# where the survey flags them as spam): `data inspect` says how many they flag.
FRAUD_CHECKS = {
    "q_recaptchascore": (
        "below 0.5",
        lambda value: _at_least(value, 0) and not _at_least(value, 0.5),
    ),
    "q_relevantidfraudscore": ("30 or more", lambda value: _at_least(value, 30)),
    "q_relevantidduplicatescore": ("75 or more", lambda value: _at_least(value, 75)),
    "q_relevantidduplicate": ("true", lambda value: normal(value) == "true"),
}


def _at_least(value: str, bound: float) -> bool:
    try:
        return float(value) >= bound
    except ValueError:
        return False


def fraud_flagged(columns: list[ColumnProfile]) -> list[tuple[str, str, set[int]]]:
    """Each of Qualtrics' fraud checks (FRAUD_CHECKS) among the columns: its name, what it
    flags, and the data rows (from 1) of the responses profiled it flags."""
    found = []
    for column in columns:
        if (check := FRAUD_CHECKS.get(normal(column.name))) is None:
            continue
        said, flags = check
        rows = zip(column.positions, column.sequence, strict=True)
        found.append((column.name, said, {row for row, value in rows if flags(value)}))
    return found


# The names of the KPIs as feedback tools write a survey's type beside its answers
KPI_NAMES = {"nps": "nps", "net promoter score": "nps", "enps": "nps", "csat": "csat"}
KPI_NAMES |= {"customer satisfaction": "csat", "customer satisfaction score": "csat"}
KPI_NAMES |= {"ces": "ces", "customer effort score": "ces", "customer effort": "ces"}
# A rating of two words, as Zendesk rates a ticket (its Satisfaction Score): yes and no, not
# the good (4) of a satisfaction scale's five words. Offered and Unoffered: asked, or not,
# and not answered.
GOOD_BAD = {"good": 1.0, "bad": 0.0}
GOOD_BAD_DE = {"gut": 1.0, "schlecht": 0.0}  # Zendesk in German: "Zufriedenheitsbewertung"
GOOD_BAD |= GOOD_BAD_DE
# A help desk's words that any column may hold: a check's "OK" in every row, a connection's
# "OK" and "Bad" ("Bad" is CSAT_LABELS' as well). A help desk's scale (HELP_DESK_LABELS)
# shows in a word only it has: "Amazing", "Terrible", "Awesome", a face.
PLAIN_HELP_DESK_WORDS = {"ok", "okay", "great"}
NOT_RATED = {"offered", "unoffered", "not offered", "angeboten", "nicht angeboten"}


@dataclass
class ColumnProfile:
    index: int
    name: str
    text: str  # the question text, where the name is an export tag
    filled: int = 0
    distinct: Counter = field(default_factory=Counter)
    more_distinct: bool = False
    numbers: list[float] = field(default_factory=list)
    kind: str = "empty"  # empty, number, labels, date, id, comment (free text), text, nested
    # (nested: a JSON record's list of objects as its JSON text, as Delighted's
    # additional_answers holds a question and its value each: answers the mapping cannot
    # name, never a comment nor a touchpoint's name)
    date_format: str | None = None
    other_date_order: str = ""  # the dates read as well with day and month swapped
    # ... to the same days ("03/03/2026": each day its month's number): nothing read says
    # the order, which the build decides from all of the file's dates
    either_date_order: str = ""
    first_date: str = ""
    last_date: str = ""
    labels: dict[str, float] = field(default_factory=dict)
    # the points of the scales that hold the labels alike but read them otherwise ("Sehr
    # einfach" is 5 of five, 7 of seven): the labels are read on the fewest
    doubted_points: tuple[int, ...] = ()
    not_used: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    sequence: list[str] = field(default_factory=list, repr=False)  # values in row order
    positions: list[int] = field(default_factory=list, repr=False)  # their data rows, from 1
    scale: str = ""  # the answers' scale: "yes/no", "1-5", "0-10", ...
    mixed: str = ""  # where the scale changes: "1-5 in data rows 1-812, 1-10 from row 813 on"
    # the column that names each row's KPI, where this one holds the answers of several
    # (HubSpot's feedback submissions: "Survey type" NPS, CSAT or CES beside one "Rating");
    # and the KPIs it names on the rows this one answers
    kpis_by: str = ""
    kpis: tuple[str, ...] = ()
    # that column's values naming each KPI ({"nps": ("NPS",)}), and those naming none
    # (HubSpot's CUSTOM surveys): the mapping reads each KPI where its values stand
    kpi_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kpi_others: tuple[str, ...] = ()
    # a stacked export's answer column (one row per question answered, the question's text
    # in the column `kpis_by` names): its answers profiled apart for each question, by its
    # text, as a wide export's column of that question would be
    stacked: dict[str, ColumnProfile] = field(default_factory=dict)
    # answers numbered (or coded) against their words: the best answer and its number
    # ("1 = sehr zufrieden", 1); the labels read them by their words instead
    reversed: tuple[str, float] | None = None
    unlabelled: bool = False  # ... on more points than its words' scale: not mapped
    # a rating of Good and Bad (GOOD_BAD): yes and no by the column's own labels, as "Good"
    # of another column in the file may be a satisfaction scale's 4
    good_bad: bool = False
    # a tool's codes for its rating's points (CODED_RATINGS: Tripadvisor's bubbles, a
    # review's stars times ten), read as 1-5 by its labels: the codes' name
    coded: str = ""
    # a word another column of the file reads as another number (a CSAT's "Weder noch" 3
    # beside a seven-point CES's 4): the entry's labels would read one of them wrong
    labels_differ: bool = False
    # a column the survey tool did not write: nothing under its name in the export's further
    # header rows, where its questions have their texts or ImportIds there (an analyst's
    # notes, added to the export), or one its name calls the client's own notes ("Notiz",
    # "interne Bemerkung", Delighted's "notes"), or the company's replies to reviews
    # (REPLY_NAME): never proposed as customers' comments.
    # Why: "header rows", "name" or "reply"; "" for a column of the survey
    added: str = ""
    # SurveyMonkey's custom data (a contact's `Custom Data 1`) or a custom variable of its
    # survey link, whose answers are codes, one for about each response: a customer's number
    # by which the client's systems find the person, as a column named so (Kundennummer) is
    # (customer_key); a variable naming where the customer answered repeats its few values
    customer_key: bool = False
    # a survey tool's own column (SoSci Survey's FINISHED, EFS's dispcode, any SurveyMonkey
    # writes before the questions: a custom variable's branch number): never a score
    system: bool = False

    @property
    def question(self) -> str:
        return self.text or self.name

    @property
    def personal(self) -> bool:
        """Whether the column, by its name or the text under it, holds who answered: a name,
        an e-mail address, a phone number, a postal or IP address, a location."""
        labels = (self.name, self.text)
        return (
            _owned_by_person(self.name)
            or any(_personal(WORDS_TOGETHER.sub(" ", label)) for label in labels)
            or self.staff
            or self.customer_key
        )

    @property
    def headline(self) -> bool:
        """Whether the column, by its name, holds reviews' titles (TITLE_NAME); a JSON
        record's key by its own name (attributes.title)."""
        key = self.name.rsplit(".", 1)[-1] if "." in self.name else self.name
        return any(
            TITLE_NAME.fullmatch(" ".join(normal(WORDS_TOGETHER.sub(" ", label)).split()))
            for label in (key, self.text)
            if label
        )

    @property
    def staff(self) -> bool:
        """Whether the column names the client's employee on the case, by name (STAFF_NAMES):
        a person's name too, unless its answers are a scale's (a question "Agent" rated 1-5,
        "Berater" answered "Sehr zufrieden")."""
        key = self.name.rsplit(".", 1)[-1] if "." in self.name else self.name
        if normal(WORDS_TOGETHER.sub(" ", key)) not in STAFF_NAMES:
            return False
        scale = CSAT_LABELS.keys() | AGREE_WORDS | GOOD_BAD.keys() | NOT_USED_KEYS
        return not any(
            leading_number(value) is not None or normal(value) in scale for value in self.distinct
        )

    def examples(self, count: int = 3) -> list[str]:
        """The most common answers; of comments, those that are comments ("-" is none)."""
        common = [value for value, _ in self.distinct.most_common()]
        if self.kind == "comment":
            common = [value for value in _comments(common) if value]
        return common[:count]


@dataclass
class Inspection:
    shape: FileShape
    rows: int
    complete: bool
    columns: list[ColumnProfile]
    not_real: int = 0  # rows the tool marks as a preview, test, spam, screened out or deleted
    # the rows profiled that are responses: not those, nor empty rows, header rows pasted
    # again or totals rows and notes
    responses: int = 0
    # totals rows and notes ("Summe", "n = 230", "Export erstellt am ..."), not profiled:
    # each one's data row (from 1) and the cell that says what it is
    stray: list[tuple[int, str]] = field(default_factory=list)
    # rows of empty cells alone (a spreadsheet's ";;;;" lines below its answers), which a
    # build skips without a word: no rows of the file's data
    blank: int = 0

    @property
    def filled(self) -> int:
        """The rows that hold a value: those a build reads."""
        return self.rows - self.blank


def inspect_file(path: Path, source: DataSource | None = None) -> Inspection:
    """The columns of the file at `path`, or of a database's table (`source` names its
    engine and table; `path` is its name then): the first SAMPLE_ROWS rows profiled."""
    try:
        return _inspected(path, source or DataSource(path.name, 1))
    finally:
        release_workbook()  # detected, then not read: an empty sheet


def _inspected(path: Path, source: DataSource) -> Inspection:
    if source.engine in DATABASES:
        scanned = scan(path, source, source.engine)
        shape = scanned.shape

        def reader():
            return scanned.reader(Progress(enabled=False))
    else:
        shape = detect(path, source)
        if shape.kind == "xlsx" and not source.sheet and len(shape.sheets) > 1:
            busiest = busiest_sheet(path)
            if busiest != shape.sheet:
                shape = detect(path, replace(source, sheet=busiest))
        if shape.empty:
            what = "sheet" if shape.kind == "xlsx" else "file"
            hint = shape.with_sheets("export the survey again")
            raise UserError(f"the {what} is empty", hint, path, 1)

        def reader():
            sample = open_reader(shape)
            sample.chunk_rows = SAMPLE_ROWS
            return sample

    inspection, labelled = _profiled(shape, reader(), {})
    # a totals row or a note (mapping.long_table.STRAY_CELL), where no date column dates it
    # but with the cell that says so: its sums and averages read as answers ("4,2" makes a
    # scale's column no score), so the columns are profiled again without it, as the build
    # leaves it out. A dated row is a response, however few cells it fills ("Average" on
    # a CSAT scale beside its date); in a file without dates, so is one whose label is an
    # answer many give ("Average" again): a totals row's stands once, or once a wave
    dates = [(c.index, set(c.positions)) for c in inspection.columns if c.kind == "date"]
    stray = {
        row: said
        for row, (said, saying) in labelled.items()
        if not any(row in days and index not in saying for index, days in dates)
        and (dates or any(inspection.columns[i].distinct[cell] < 3 for i, cell in saying.items()))
    }
    if stray:
        inspection, _ = _profiled(shape, reader(), stray)
        inspection.stray = sorted(stray.items())
    return inspection


def _profiled(
    shape: FileShape, reader, skipped: dict[int, str]
) -> tuple[Inspection, dict[int, tuple[str, dict[int, str]]]]:
    """The columns profiled, the rows `skipped` left out (data rows, from 1); and the rows
    with a cell that says it is a totals row or a note: the cell, and how many it fills."""
    profiles = [
        ColumnProfile(index, name, _question(shape, index), added=_added(shape, index, name))
        for index, name in enumerate(shape.columns)
    ]
    # the tool's codes for no answer (EFS's 0, SoSci's -1) are no points of a scale
    tool = survey_tool(shape.columns)
    no_answer = tool.no_answer if tool else frozenset()
    quiz = GOOGLE_QUIZ_SCORES if shape.layout == "google-forms" else set()
    for profile in profiles:
        name = normal(profile.name)
        # SurveyMonkey's own ids keep their numbers (a Collector ID's range): no scale's
        profile.system = (
            bool(tool and tool.system.fullmatch(name))
            or name in quiz
            or (tool_column(shape, profile.index) and name not in SURVEYMONKEY_IDS)
            # a Typeform hidden field's or variable's number (a store_id, the form's own
            # score) came with the link or from the form, never from the respondent
            or hidden_field(shape, profile.index)
        )
    rows = not_real = responses = blanks = 0
    complete = True
    labelled: dict[int, tuple[str, dict[int, str]]] = {}
    # as a build leaves them out, whichever engine reads the source: the survey's previews,
    # tests, spam, the respondents it screened out and the responses deleted in the tool say
    # nothing of it
    flags = statuses(shape)
    for status, _ in flags:  # it says which responses count, and is no answer itself
        profiles[status].system = True
    for chunk in reader.chunks(list(range(len(shape.columns)))):
        take = min(chunk.length, SAMPLE_ROWS - rows)
        real = list(range(take))
        for status, rule in flags:
            marked = marked_not_real(chunk.columns[status].slice(0, take), rule)
            real = [offset for offset in real if not marked[offset]]
        not_real += take - len(real)
        # a second export pasted below the first: its header rows are no answers
        blank = blank_rows(chunk.columns.values(), chunk.length)
        blanks += int(np.count_nonzero(blank[:take]))
        again = header_rows_again(chunk.columns, chunk.length, shape.header_records, blank)
        real = [offset for offset in real if not again[offset]]
        for offset, said in _labelled_rows(chunk.columns, take).items():
            if offset in real:
                labelled[rows + offset + 1] = said
        real = [offset for offset in real if rows + offset + 1 not in skipped]
        responses += sum(not blank[offset] for offset in real)
        for profile in profiles:
            values = chunk.columns[profile.index].slice(0, take).to_pylist()
            for offset in real:
                value = values[offset].strip()
                if not value:
                    continue
                profile.filled += 1
                profile.sequence.append(value)
                profile.positions.append(rows + offset + 1)
                if value in profile.distinct or len(profile.distinct) < MAX_DISTINCT:
                    profile.distinct[value] += 1
                else:
                    profile.more_distinct = True
        rows += take
        if rows >= SAMPLE_ROWS:
            complete = False
            break
    for profile in profiles:
        profile.customer_key = _customer_key(shape, profile)
        coded = {normal(k): v for k, v in shape.value_labels.get(profile.index, {}).items()}
        if not coded and _star_words(profile):
            coded = {normal(word): stars for word, stars in STAR_RATINGS.items()}
        _classify(profile, rows, coded, no_answer)
        _read_codes(profile)
        _read_scale(profile)
    _several_kpis(profiles)
    _stacked_answers(profiles, rows, no_answer)
    _labels_read_otherwise(profiles)
    _replies_beside_texts(profiles)
    inspection = Inspection(shape, rows, complete, profiles, not_real, responses=responses)
    inspection.blank = blanks
    return inspection, labelled


def _labels_read_otherwise(profiles: list[ColumnProfile]) -> None:
    """Mark the columns one of whose words another column reads as another number: a
    Qualtrics export's CSAT answered "Weder noch" (3 of five) beside its CES of seven
    points, where "Weder noch" is 4. One `labels:` for the entry would count every CSAT
    "Weder noch" as satisfied. A stacked export's questions count as its columns."""
    parts = [*profiles, *(part for p in profiles for part in p.stacked.values())]
    numbers: dict[str, set[float]] = {}
    for part in parts:
        for label, number in part.labels.items():
            numbers.setdefault(normal(label), set()).add(number)
    differ = {label for label, read in numbers.items() if len(read) > 1}
    for part in parts:
        part.labels_differ = any(normal(label) in differ for label in part.labels)


def _replies_beside_texts(profiles: list[ColumnProfile]) -> None:
    """Mark a column named a reply and nothing more (BARE_REPLY_NAMES), or a nested reply's
    text (reply.comment), as the company's replies where another column holds customers'
    texts: Amazon's feedback report's "Response" beside its "Comments", and Trusted Shops'
    reply.comment beside its reviews' comment, were proposed as the customers' comments and
    published beside them. A stacked
    export's answers ("Antwort" beside "Frage", its rows each a question's: `kpis_by`) are
    the customers' whatever stands beside them."""
    texts = [p for p in profiles if p.kind == "comment" and not p.added]
    for profile in profiles:
        name = " ".join(normal(WORDS_TOGETHER.sub(" ", profile.name)).split())
        if profile.added or profile.kpis_by or profile.kind not in ("comment", "text"):
            continue
        reply, dot, key = name.rpartition(".")
        nested = dot and reply in BARE_REPLY_NAMES and key in REPLY_TEXT_KEYS
        if (name in BARE_REPLY_NAMES or nested) and any(text is not profile for text in texts):
            profile.added = "reply"


def _several_kpis(profiles: list[ColumnProfile]) -> None:
    """Mark the score columns whose rows answer several KPIs, as a column beside them names
    them row by row: a feedback tool's export of all its surveys (HubSpot's "Survey type",
    Retently's "Metric": NPS on 0-10, CSAT on 1-5, CES on 1-7, in one "Rating" column). Read
    as one KPI, every CSAT answer of 4 or 5 would count as an NPS detractor."""
    for naming in profiles:
        if naming.kind != "text" or naming.more_distinct or naming.personal:
            continue
        kpi_of_value = {v: KPI_NAMES.get(normal(v)) for v in naming.distinct}
        named = sum(n for v, n in naming.distinct.items() if kpi_of_value[v])
        if len(set(kpi_of_value.values()) - {None}) < 2 or 2 * named < naming.filled:
            continue
        by_row = dict(zip(naming.positions, naming.sequence, strict=True))
        for profile in profiles:
            numbers = profile.numbers + list(profile.labels.values())
            if profile.kind not in ("number", "labels") or not profile.scale or profile.mixed:
                continue
            if min(numbers) < 0 or max(numbers) > 11:  # no score, whatever its rows (an id)
                continue
            kpis = {kpi_of_value[by_row[row]] for row in profile.positions if row in by_row}
            if len(kpis - {None}) >= 2:
                profile.kpis_by = naming.name
                profile.kpis = tuple(k for k in ("nps", "csat", "ces") if k in kpis)
                profile.kpi_values = {
                    kpi: tuple(sorted(v for v, named in kpi_of_value.items() if named == kpi))
                    for kpi in profile.kpis
                }
                profile.kpi_others = tuple(sorted(v for v, k in kpi_of_value.items() if not k))


# The words of a stacked export's column of questions: "Frage", "question_text", "Item"
QUESTION_NAMES = ("frage", "question", "item", "fragetext", "prompt")


def _stacked_answers(profiles: list[ColumnProfile], rows: int, no_answer) -> None:
    """Mark the answer columns of a stacked export: one row per question answered, the
    question's text in one column, its answer in another (a warehouse's or a BI tool's
    extract: `response_id, date, question, answer`; German `Antwort-ID;Datum;Frage;Antwort`).
    Each question's answers are profiled apart, as a wide export's column of that question:
    read as one KPI, a CSAT question's answers of 1-5 counted as NPS detractors. The
    questions are texts of three words or more (an id like `Q1` says nothing of what it
    asks: its text beside it is what the mapping names)."""
    for naming in profiles:
        if naming.kind != "text" or naming.more_distinct or naming.personal or naming.added:
            continue
        asked = [v for v in naming.distinct if len(re.findall(r"[^\W\d_]{2,}", v)) >= 3]
        if len(asked) < 2 or sum(naming.distinct[v] for v in asked) < 0.9 * naming.filled:
            continue
        # questions: named so by the column, or asked ("?"); a column that asks ("Anything
        # else?") holds answers, however often the same
        named = _names_questions(naming.name)
        if naming.question.rstrip().endswith("?"):
            continue
        if not named and 2 * sum(v.rstrip().endswith("?") for v in asked) < len(asked):
            continue
        # a question is asked of many: each text in several rows (a link, a name is not)
        if naming.filled < 2 * len(naming.distinct) or any("://" in v for v in asked):
            continue
        by_row = dict(zip(naming.positions, naming.sequence, strict=True))
        texts: list[tuple[ColumnProfile, dict[str, ColumnProfile]]] = []
        rated: set[str] = set()
        for answer in profiles:
            if answer is naming or answer.kpis_by or answer.personal or answer.added:
                continue
            if answer.kind not in ("number", "labels", "binary", "comment", "text"):
                continue
            parts = _by_question(answer, by_row, rows, no_answer)
            if answer.kind in ("comment", "text"):  # an answer_text beside an answer_numeric
                texts.append((answer, parts))
            scored = [q for q, part in parts.items() if kpi_of(part) or part.scale]
            if not scored or len(parts) < 2:
                continue
            kinds = {(kpi_of(parts[q]), parts[q].scale) for q in scored}
            if len(kinds) < 2 and len(parts) == len(scored) and len(scored) == len(asked):
                # one scale for all, each question of its own: an aspect column's long table
                # reads it as one KPI rightly
                kinds_named = {kpi_of(parts[q]) for q in scored}
                if len(kinds_named) == 1 and None not in kinds_named:
                    continue
            answer.kpis_by, answer.stacked = naming.name, parts
            rated |= set(scored)
        if rated:
            # the open questions' answers in a column of their own (answer_text), none of a
            # rated question's (a question_id beside its text fills every row)
            for answer, parts in texts:
                if not answer.kpis_by and not rated & parts.keys():
                    answer.kpis_by, answer.stacked = naming.name, parts


def _names_questions(name: str) -> bool:
    """Whether a column's name says it holds questions: a word of it starts with one of
    QUESTION_NAMES ("Frage", "question_text", "QuestionText", "Fragetext"), not only holds
    one ("Anfrageweg", how a customer asked, names a long table's aspect)."""
    return any(
        word.startswith(QUESTION_NAMES) for word in re.split(r"[\W\d_]+", normal(name)) if word
    )


def _by_question(
    answer: ColumnProfile, by_row: dict[int, str], rows: int, no_answer
) -> dict[str, ColumnProfile]:
    """The answers of `answer` profiled for each question `by_row` names (by data row)."""
    parts: dict[str, ColumnProfile] = {}
    for row, value in zip(answer.positions, answer.sequence, strict=True):
        question = by_row.get(row)
        if question is None:
            continue
        part = parts.get(question)
        if part is None:
            part = parts[question] = ColumnProfile(answer.index, answer.name, question)
        part.filled += 1
        part.sequence.append(value)
        part.positions.append(row)
        if value in part.distinct or len(part.distinct) < MAX_DISTINCT:
            part.distinct[value] += 1
        else:
            part.more_distinct = True
    for part in parts.values():
        _classify(part, rows, {}, no_answer)
        _read_scale(part)
    return parts


def _labelled_rows(
    columns: dict[int, pa.Array], rows: int
) -> dict[int, tuple[str, dict[int, str]]]:
    """The rows (offsets) with a cell that says wholly that the row is a totals row or a
    note: the first such cell, and each such cell by its column."""
    found: dict[int, tuple[str, dict[int, str]]] = {}
    indexes = sorted(columns)
    if not indexes:
        return found
    # every column's cells matched in one call: the expression is compiled on each call, and
    # a chunk of a 300-column export paid it 300 times (1.3 s of data inspect at 20,000 rows)
    cells = [_decoded(columns[index].slice(0, rows)) for index in indexes]
    if len({column.type for column in cells}) > 1:
        cells = [column.cast(pa.large_string()) for column in cells]
    every = pa.concat_arrays(cells)
    match = pc.match_substring_regex(every, STRAY_CELL, ignore_case=True)
    starts = np.cumsum([0, *map(len, cells)])
    for place in np.flatnonzero(pc.fill_null(match, False).to_numpy(zero_copy_only=False)):
        column = int(np.searchsorted(starts, place, "right")) - 1
        offset, cell = int(place - starts[column]), every[int(place)].as_py()
        found.setdefault(offset, (" ".join(cell.split()), {}))[1][indexes[column]] = cell.strip()
    return found


def _decoded(column):
    return column.dictionary_decode() if pa.types.is_dictionary(column.type) else column


def _question(shape: FileShape, index: int) -> str:
    """The question text, where the column's name is an export tag (Qualtrics, SPSS, a
    second header row); SurveyMonkey's names hold their question already."""
    aliases = [a for a in shape.aliases[index] if not a.startswith("QID")]
    return aliases[0] if aliases and shape.layout != "surveymonkey" else ""


def _added(shape: FileShape, index: int, name: str) -> str:
    """Why the column is no question of the survey ("" if it is one): nothing stands under
    its name in the header rows after the first (Qualtrics' question texts and ImportIds,
    SurveyMonkey's answer options), where some column's cells there are filled; or its name
    calls it notes of the client's own."""
    further = shape.header_records[1:]
    below = [row[index].strip() if index < len(row) else "" for row in further]
    if further and not any(below) and any(cell.strip() for row in further for cell in row):
        return "" if tool_column(shape, index) else "header rows"
    # a question asks customers ("Was halten Sie von der Antwort des Unternehmens?"): a
    # column of replies is named, never asked
    if not name.rstrip().endswith("?") and REPLY_NAME.fullmatch(" ".join(normal(name).split())):
        return "reply"
    words = set(re.findall(r"\w+", normal(name)))
    if not words <= INTERNAL_WORDS | NOTE_WORDS | STAFF_WORDS:
        return ""
    return "name" if words & INTERNAL_WORDS or (words & STAFF_WORDS and words & NOTE_WORDS) else ""


# a code: one word of letters and digits, with a digit ("4711023", "K497081", "CUST-0042")
CODE = re.compile(r"(?=[^0-9]*[0-9])[A-Za-z0-9][A-Za-z0-9_./-]*")
# a workbook's cell of a date, as the reader writes its day (xlsx_file._texts)
CELL_DAY = re.compile(r"[12][0-9]{3}-[01][0-9]-[0-3][0-9]")


def _customer_key(shape: FileShape, profile: ColumnProfile) -> bool:
    """Whether a SurveyMonkey export's own column, other than its respondent's and
    collector's ids, holds codes that differ from response to response (ColumnProfile.
    customer_key): fewer than two responses to a value, where a custom variable that names
    touchpoints (the mapping's note on it) has at least two."""
    if not tool_column(shape, profile.index) or normal(profile.name) in SURVEYMONKEY_IDS:
        return False
    if not profile.distinct or not all(CODE.fullmatch(value) for value in profile.distinct):
        return False
    # its Start Date and End Date, saved by Excel: a cell's day ("2026-03-02") is a code too
    if all(CELL_DAY.fullmatch(value) for value in profile.distinct):
        return False
    return profile.more_distinct or 2 * len(profile.distinct) > profile.filled


def tool_column(shape: FileShape, index: int) -> bool:
    """Whether the column is one SurveyMonkey writes before the questions, with nothing under
    its name in the second header row: the respondent's metadata (`Respondent ID`, `End
    Date`) and the survey link's custom variables (a touchpoint, a branch passed in it)."""
    if shape.layout != "surveymonkey" or len(shape.header_records) < 2:
        return False
    second = shape.header_records[1]
    questions = next((i for i, cell in enumerate(second) if cell.strip()), len(second))
    return index < questions


# Typeform's own columns, written after the answers: Response Type (in newer exports), its
# dates in UTC, Network ID, Tags, Ending
TYPEFORM_OWN = re.compile(r"response type|.+ \(utc\)|network id|tags|ending")
# a hidden field's name, as Typeform lets a form's maker write it: lower-case letters,
# digits and underscores (the link passes it as ?touchpoint=filiale)
HIDDEN_FIELD = re.compile(r"[a-z0-9_]+")
# the variables a form counts (a quiz's score, a price), written after its hidden fields
TYPEFORM_VARIABLES = {"score", "price"}


def hidden_field(shape: FileShape, index: int) -> bool:
    """Whether a Typeform export's column is a hidden field (or a variable the form counts):
    one of the run of such names the export writes after the answers and before its own
    columns (TYPEFORM_OWN). Its values came with the survey's link (where the customer was
    asked, a branch), never from the respondent; a question's column is named by its text.
    A name that names a KPI or a rating ("nps", "bewertung"), save the form's own variables,
    is a question's title written in lower case: its answers are the respondent's. Words
    joined by an underscore ("store_points", "nps_score") are a field's or a variable's
    name, however they end: no title a respondent reads is written so."""
    if shape.layout != "typeform":
        return False
    names = [normal(name) for name in shape.columns]
    name = names[index] if index < len(names) else ""
    title = name not in TYPEFORM_VARIABLES and "_" not in name
    if title and (name in KPI_NAMES or names_a_rating(name)):
        return False
    own = next((i for i, name in enumerate(names) if TYPEFORM_OWN.fullmatch(name)), len(names))
    after = range(index, own)
    return 0 < index < own and all(HIDDEN_FIELD.fullmatch(shape.columns[i]) for i in after)


# A JSON record's order, by its object's name and its key: what the client's systems find the
# customer by, as a column named for the order (PERSONAL_NAMES)
ORDER_KEYS = {"transaction reference", "order reference", "order id", "order number"}


def _owned_by_person(name: str) -> bool:
    """Whether a JSON record's dotted name is of a key under an object of who answered
    (reviewer.displayName), or one whose own name says it is personal (contact.email)."""
    *objects, key = name.split(".")
    return bool(objects) and (
        any(normal(part) in PERSON_OBJECTS for part in objects)
        or _personal(WORDS_TOGETHER.sub(" ", key))
        # the order a review was invited after (Trusted Shops' transaction.reference)
        or normal(f"{objects[-1]} {key}") in ORDER_KEYS
    )


# What a form writes after a question's own name: "Ihr Name (optional)"; and the number a
# spreadsheet adds to a name the file has already (Microsoft Forms' question "Name", beside
# its own Name column, is "Name2"; pandas writes "Name.1")
OPTIONAL = re.compile(r"\s*\((?:optional|freiwillig)\)$")
NUMBERED_AGAIN = re.compile(r"(?<=[^\W\d_])\.?[1-9]$")
# ... read so where what is numbered is a name, an address or a number to reach one by: a
# numbered item of a questionnaire ("Kontakt1", "Kunde2", answered 1-5) is no person
NUMBERED_OWNED = OWNED_DE | {"address", "telefon", "kundenname"}


def _personal(label: str) -> bool:
    name = OPTIONAL.sub("", normal(label))
    again = NUMBERED_AGAIN.sub("", name)
    if again != name and again.split()[-1:] and again.split()[-1] in NUMBERED_OWNED:
        name = again
    *owners, owned = name.split() or [""]
    words = name.split()
    return (
        name in PERSONAL_NAMES
        or (owned in OWNED and 0 < len(owners) < 3 and all(word in OWNERS for word in owners))
        or (owned in OWNED_DE and owners in (["ihr"], ["ihre"]))
        or (
            len(words) == 3
            and words[0] in OWNED_DE
            and words[1] in {"des", "der"}
            and words[2] in OWNERS_DE
        )
    )


def _classify(
    profile: ColumnProfile,
    rows: int,
    coded: dict[str, float | None] | None = None,
    no_answer: frozenset[str] = frozenset(),
) -> None:
    """What the column holds; `coded`: its value labels' codes (SPSS), by normal label; a
    code that is no number (`A1`) leaves the label to be read as a CSV's answer text is;
    `no_answer`: the survey tool's codes for no answer."""
    coded = coded or {}
    values = list(profile.distinct)
    if not values:
        return
    if profile.personal:  # who answered is no answer: no score, id nor comment
        profile.kind = "text"
        return
    name = normal(profile.name)
    names = {name, normal(profile.text)} - {""}  # a legacy export's tag, and the real name
    if _dated(profile, names) and _read_dates(profile):
        return
    if all(_json_objects(value) for value in values):
        profile.kind = "nested"
        return
    keys = {normal(value) for value in values}
    rated = keys & GOOD_BAD.keys() and keys <= GOOD_BAD.keys() | NOT_RATED | NOT_USED_KEYS
    if rated and keys & GOOD_BAD.keys() <= GOOD_BAD_DE.keys() and not keys & NOT_RATED:
        # "Gut" and "Schlecht" are a German satisfaction scale's 4 and 2 as well: a question
        # asked with it ("Wie zufrieden waren Sie mit der Lieferung?") whose few answers were
        # those words alone was proposed as the company's yes/no rating, its touchpoint's
        # CSAT lost; Zendesk's rating is a column's name, no question
        rated = not any(text.rstrip().endswith("?") for text in (profile.name, profile.text))
    if rated and not _no_score(profile):
        profile.kind, profile.good_bad = "labels", True
        profile.labels = {v: GOOD_BAD[normal(v)] for v in values if normal(v) in GOOD_BAD}
        profile.not_used = [v for v in values if normal(v) not in GOOD_BAD]
        return
    numbers, labels, not_used, unknown = [], {}, [], []
    worded: dict[str, float] = {}  # answers of a number and a label's words, by the number
    # codes without a label beside labelled ones (an SPSS file's NPS coded 1-11, labelled at
    # its ends "0 - Überhaupt nicht wahrscheinlich" and "10 - Äußerst wahrscheinlich"): its
    # labels are read by their codes too, as the codes beside them are; read by the numbers
    # their words start with, the ends were 0 and 10 and the codes 2..10 each a point high
    bare_codes = coded and any(
        normal(value) not in coded and leading_number(value) is not None for value in values
    )
    for value in values:
        key = normal(value)
        number = leading_number(value)
        if bare_codes and number is not None and coded.get(key) not in (None, number):
            number = None
        if key in NOT_USED_KEYS or key in no_answer:
            not_used.append(value)
        elif number is not None:
            numbers.append(number)
            worded[value] = number
        elif coded.get(key) is not None:
            labels[value] = coded[key]
        elif any(key in scale for scale in SCALE_WORDS):
            labels[value] = None
        else:
            unknown.append(value)
    words = {normal(label) for label, code in labels.items() if code is None}
    help_desk_words = words - CSAT_LABELS.keys() - AGREE_WORDS - EFFORT_WORDS
    help_desk_words -= GRADE_LABELS.keys() | CSAT_EXCELLENT_LABELS.keys()
    if help_desk_words and (
        not words <= HELP_DESK_LABELS.keys() or help_desk_words <= PLAIN_HELP_DESK_WORDS
    ):
        # a help desk's word among another scale's: no scale the column's words share; or
        # none but words any column may hold
        unknown += [label for label in labels if normal(label) in words]
        labels = {label: code for label, code in labels.items() if code is not None}
    own = words & OWN_SCALE_WORDS
    if own and not (excellent_to_poor(labels) or school_grades(labels)):
        # among another scale's words ("Ausgezeichnet" .. "Sehr schlecht" on six points,
        # "Befriedigend" beside "Schlecht") such a word has no number: the column was
        # proposed on CSAT's table without it, its answers left out of the build
        unknown += [label for label in labels if normal(label) in own]
        labels = {k: code for k, code in labels.items() if code is not None or normal(k) not in own}
    profile.numbers = sorted(set(numbers))
    if profile.more_distinct and numbers:
        # the range of every value read, not of the first MAX_DISTINCT distinct ones alone (a
        # ticket id of 20,000 rows showed as 100000..100199)
        every = [leading_number(value) for value in dict.fromkeys(profile.sequence)]
        read = [number for number in every if number is not None]
        profile.numbers = sorted({*numbers, min(read), max(read)})
    unique = not profile.more_distinct and len(values) == profile.filled
    # more than MAX_DISTINCT values, each one word: an id of a file of many rows (a person's
    # name, in a column named "Respondent", has two)
    many = profile.more_distinct and all(len(value.split()) == 1 for value in values)
    if names & ID_NAMES and (unique or many):
        profile.kind = "id"
    elif (numbers or labels) and not unknown and not _no_score(profile):
        profile.kind = "labels" if labels else "number"
        profile.not_used = not_used
        table = HELP_DESK_LABELS if help_desk_words else CSAT_LABELS
        if not help_desk_words and excellent_to_poor(labels):
            table = CSAT_EXCELLENT_LABELS
        elif not help_desk_words and school_grades(labels):
            table = GRADE_LABELS
        for words, scales in ((AGREE_WORDS, AGREE_SCALES), (EFFORT_WORDS, EFFORT_SCALES)):
            if sum(normal(label) in words for label in labels) > len(labels) / 2:
                table = likeliest_scale(labels, scales)
                profile.doubted_points = doubted_points(labels, scales)
        # a label coded 0 (an SPSS file's "Not at all likely" of a 0-10 NPS) is a number like
        # any; one of another scale's words than the column's has none
        profile.labels = {
            label: float(table[normal(label)] if code is None else code)
            for label, code in labels.items()
            if code is not None or normal(label) in table
        }
        _read_by_words(profile, {**worded, **{k: v for k, v in labels.items() if v is not None}})
    elif names & ID_NAMES and not profile.more_distinct:
        profile.kind = "id"
    else:
        profile.kind = "comment" if _free_text(profile) and not profile.personal else "text"
        profile.unknown = unknown


# The words of a column named for a rating: "Rating", "Star Rating", "bubble_rating",
# "Gesamtbewertung", "Gesamtnote", "Review Stars", "Average score"; a German compound by its end
RATING_NAME_ENDS = ("rating", "ratings", "bewertung", "wertung", "note", "score", "stars")
RATING_NAME_ENDS += ("sterne", "bubble", "bubbles", "punkte", "points")
RATING_NAME_WORDS = {"overall", "gesamt", "average", "mean", "durchschnitt", "schnitt"}
# Tripadvisor's bubbles, as its pages ("bubble_50") and its data write a review's stars
BUBBLES = {10.0: 1.0, 20.0: 2.0, 30.0: 3.0, 40.0: 4.0, 50.0: 5.0}
# Freshdesk's satisfaction ratings as its API writes them (ratings.default_question): 103
# Extremely happy, 102 Very happy, 101 Happy, 100 Neutral, -101 Unhappy, -102 Very unhappy,
# -103 Extremely unhappy; on CSAT's 1-5 as its words are (labels.HELP_DESK_LABELS)
FRESHDESK_CODES = {103.0: 5.0, 102.0: 4.0, 101.0: 4.0, 100.0: 3.0}
FRESHDESK_CODES |= {-101.0: 2.0, -102.0: 2.0, -103.0: 1.0}
# A tool's codes for its rating's points, by the codes' name: no KPI's scale, read as numbers
CODED_RATINGS = {
    "Tripadvisor's bubbles (stars x10)": BUBBLES,
    "Freshdesk's rating codes (103 extremely happy .. -103 extremely unhappy)": FRESHDESK_CODES,
}


def rating_name(profile: ColumnProfile) -> bool:
    """Whether the column's name says it holds ratings."""
    return names_a_rating(profile.name)


def names_a_rating(name: str) -> bool:
    """Whether a column's name ("Star Rating", "bubble_rating", "Gesamtbewertung") says it
    holds ratings."""
    words = re.findall(r"[^\W\d_]+", normal(WORDS_TOGETHER.sub(" ", name)))
    return any(w.endswith(RATING_NAME_ENDS) or w in RATING_NAME_WORDS for w in words)


def _star_words(profile: ColumnProfile) -> bool:
    """Whether the column's answers are Google's stars as words (ONE..FIVE, as its reviews'
    starRating writes them), whatever the column is named: an export tool's table of
    Google's reviews names it "Star Rating" or "Rating". Two words at least, or one in a
    column named a rating (a small file's every review of five stars)."""
    words = [value for value in profile.distinct if normal(value) not in NOT_USED_KEYS]
    if not words or not all(word in STAR_RATINGS for word in words):
        return False
    return len(words) >= 2 or rating_name(profile)


def _read_codes(profile: ColumnProfile) -> None:
    """A rating written in a tool's codes for its points (CODED_RATINGS: Tripadvisor's
    bubbles, 10, 20, ..., 50, a review's stars times ten; Freshdesk's 103 .. -103) is
    labelled 1-5 by its own answers. Read as numbers, its answers are no scale a KPI has:
    the ratings were left out, without a word."""
    numbers = set(profile.numbers)
    if profile.kind != "number" or profile.more_distinct or len(numbers) < 2:
        return
    if not rating_name(profile):
        return
    for name, codes in CODED_RATINGS.items():
        if numbers <= codes.keys():
            profile.kind, profile.coded, profile.numbers = "labels", name, []
            profile.labels = {
                value: codes[number]
                for value in profile.distinct
                if (number := leading_number(value)) in codes
            }
            return


def averaged(profile: ColumnProfile) -> bool:
    """Whether a column named a rating holds numbers with decimals within a scale's range:
    a mean, not an answer (kununu's "Gesamtbewertung" 3,8 and HolidayCheck's 5,3, the
    average of the reviewer's ratings of the aspects beside it; ProvenExpert's
    "Gesamtnote" 4,67). No scale's points: it is not mapped."""
    numbers = profile.numbers
    if profile.kind != "number" or not numbers or not any(n % 1 for n in numbers):
        return False
    return min(numbers) >= 0 and max(numbers) <= 10 and rating_name(profile)


def _json_objects(value: str) -> bool:
    """Whether a cell holds a list of JSON objects, or one: a nested record's, as JSON text."""
    if not value.startswith(("[{", "{")):
        return False
    try:
        found = json.loads(value)
    except ValueError:
        return False
    return isinstance(found, dict) or (
        isinstance(found, list) and all(isinstance(item, dict) for item in found)
    )


def _read_by_words(profile: ColumnProfile, numbered: dict[str, float]) -> None:
    """Answers numbered (or coded: `numbered`, by answer) against their words are labelled
    with the numbers their words stand for (mapping.labels.against_words)."""
    found = against_words(numbered)
    if found is None:
        return
    total, lowest, highest = found
    best = min(numbered, key=numbered.__getitem__)
    profile.reversed = best, numbered[best]
    if not all(lowest <= total - number <= highest for number in numbered.values()):
        profile.unlabelled = True  # more points than the scale's words: no labels to give
        return
    for answer, number in numbered.items():
        profile.labels[answer] = float(total - number)
    profile.numbers = [n for n in profile.numbers if n not in numbered.values()]
    profile.kind = "labels"


def stray_answers(profile: ColumnProfile) -> list[str]:
    """The few answers that are no number and no known word ("x", "?", a tool's own code)
    where they alone keep a column of numbers from being a score; else none."""
    few = 0 < len(profile.unknown) <= MAX_STRAYS
    if profile.kind != "text" or _no_score(profile) or len(profile.numbers) < 3 or not few:
        return []
    return profile.unknown


def _no_score(profile: ColumnProfile) -> bool:
    """Whether the column is a survey tool's own, never a score, or one choice's box of a
    question answered with several (CHECKED_CHOICE)."""
    names = {normal(profile.name), normal(profile.text)} - {""}
    return profile.system or _metadata(names) or _checked_choice(profile)


# A Qualtrics question answered with several choices ("Select all that apply") has a column
# per choice, its text "<question> - Selected Choice - <choice>": the choice's code (its
# number, 1, 2, 3... by default) where it was ticked, its text in a choice-text export, empty
# where not. One value, whatever it is, is a box ticked: no rating of 1, 2 or 3, no yes.
CHECKED_CHOICE = re.compile(r" - (selected choice|ausgewählte auswahlmöglichkeit) - \S")


def _checked_choice(profile: ColumnProfile) -> bool:
    return len(profile.distinct) == 1 and bool(CHECKED_CHOICE.search(normal(profile.text)))


def _metadata(names: set[str]) -> bool:
    """Whether a column of these (normal) names is a tool's, never a score."""
    return bool(names & METADATA) or any(
        name.endswith(METADATA_ENDS) or name.startswith(METADATA_STARTS) for name in names
    )


def _free_text(profile: ColumnProfile) -> bool:
    """Long, mostly unique answers with words: what customers wrote, not a code or a name.
    Answers that say there is no comment ("-", "k. A.", "nichts") are left out: a compulsory
    field's are many, the same few, and would make the comments look like codes."""
    answers = list(profile.distinct)
    nothing = {value for value, said in zip(answers, _comments(answers), strict=True) if not said}
    values = [value for value in answers if value not in nothing]
    if not values:
        return False
    answered = profile.filled - sum(profile.distinct[value] for value in nothing)
    unique = profile.more_distinct or len(values) >= 0.6 * answered
    wordy = sum(len(v.split()) >= 3 for v in values) >= 0.5 * len(values)
    long = sum(len(v) for v in values) >= 15 * len(values)
    return unique and wordy and long


def _comments(values: list[str]) -> list[str]:
    """`values` as comments: each that says there is none empty (comment_text)."""
    return comments_only(pa.array(values, pa.string())).to_pylist()


def _answer_number(profile: ColumnProfile, value: str) -> float | None:
    if value in profile.labels:
        return profile.labels[value]
    unused = normal(value) in NOT_USED_KEYS or value in profile.not_used
    return None if unused else leading_number(value)


def _read_scale(profile: ColumnProfile) -> None:
    """Name the column's scale (yes/no, 1-5, 1-7, 0-10...); a yes/no column becomes `binary`,
    and a scale that changes between the file's older and newer rows is `mixed`."""
    if profile.kind in ("id", "date", "empty") or _no_score(profile) or profile.personal:
        return
    unused = NOT_USED_KEYS | {normal(v) for v in profile.not_used}
    answers = [v for v in profile.distinct if normal(v) not in unused]
    as_yes_no = {BINARY_ANSWERS.get(normal(v), _answer_number(profile, v)) for v in answers}
    if answers and as_yes_no <= {0.0, 1.0} and not profile.more_distinct:
        profile.kind, profile.scale = "binary", "yes/no"
        profile.not_used = [v for v in profile.distinct if normal(v) in unused]
        return
    numbers = {_answer_number(profile, v) for v in answers}
    if profile.kind not in ("number", "labels") or None in numbers:
        return
    if any(number % 1 for number in numbers):  # a mean (averaged), no scale's points
        return
    low, high = min(numbers), max(numbers)
    profile.scale = f"{low:g}-{high:g}"
    profile.mixed = _mixed_scale(profile, low, high)


def _mixed_scale(profile: ColumnProfile, low: float, high: float) -> str:
    # each answer's number, read once: the rows hold values `distinct` has no room for
    # where a column has more than MAX_DISTINCT (a duration in seconds)
    number_of = {value: _answer_number(profile, value) for value in set(profile.sequence)}
    numbers = np.array([number_of[value] for value in profile.sequence], float)  # None: nan
    answered = np.flatnonzero(~np.isnan(numbers))
    ones = np.ones(len(answered), np.int64)
    change = scale_change_in(np.arange(len(answered)), numbers[answered], ones)
    if change is None:
        return ""
    row = profile.positions[answered[change.at]]
    narrow, wide = f"{low:g}-{change.top}", f"{low:g}-{high:g}"
    first, then = (narrow, wide) if change.widens else (wide, narrow)
    return f"{first} in data rows 1-{row - 1}, {then} from row {row} on"


def nps_coded_from_one(numbers) -> bool:
    """Whole numbers from 1 up to 11: an 11-point question (0-10) whose tool numbers its
    answers from 1, as Qualtrics' recode values do unless they were set."""
    whole = not any(n % 1 for n in numbers)
    return bool(numbers) and min(numbers) >= 1 and max(numbers) == 11 and whole


def _dated(profile: ColumnProfile, names: set[str]) -> bool:
    """Whether a column may hold dates: its name says so (a date word, a moment's "… at"),
    or its values are dates with a time of day, as a system writes a moment. A number
    (Unix seconds, a spreadsheet's day number) reads as a date only where its name says
    so: an id or a count of as many digits is none. A word of another event ("Sent", "Last
    modified") counts where a word starts with it (not the "sent" of "Consent version"),
    and for dates written as such: a "Last order number" is none."""
    if any(name.endswith(METADATA_ENDS) for name in names):  # "First reply time in minutes"
        return False
    # ... or Unix time by name: Google Play's "Developer Reply Millis Since Epoch"
    words = DATE_NAMES + OWN_DATE_WORDS + ("start", "epoch")
    if any(word in n for n in names for word in words):
        return True
    if any(MOMENT_NAME.search(n) for n in (profile.name.strip(), *names)):
        return True
    shown = list(profile.distinct)[:20]
    if bool(shown) and all(WITH_TIME.match(value) for value in shown):
        return True
    other = any(OTHER_DATE_WORD.search(n) for n in names)
    return other and not all(NUMBER.fullmatch(value) for value in shown)


def _read_dates(profile: ColumnProfile) -> bool:
    """Mark the column as dates where (nearly) all its values read as dates of one format."""
    # all the dates read, not the MAX_DISTINCT shown: a month of dd/mm dates holds a 13th
    # only after its first twelve days
    dates = list(dict.fromkeys(profile.sequence))
    found = find_format(dates)
    found = named_order(profile.name, found) if found else None
    read = to_iso(dates, found.format) if found else []
    iso = sorted(day for day in read if day[:4].isdigit() and day[4] == "-")
    if not iso or len(iso) < 0.9 * len(dates):
        return False
    profile.kind, profile.date_format = "date", found.format
    profile.other_date_order = found.other_order
    profile.either_date_order = "" if found.other_order else found.either_order
    profile.first_date, profile.last_date = iso[0], iso[-1]
    return True


def own_date(profile: ColumnProfile, columns: Sequence[ColumnProfile] = ()) -> int:
    """How surely a date column dates the response itself, by its name: 2 its own (created,
    submitted, recorded, ended), 0 another event's (a reply, an update, the start), 1 unsaid.
    Among `columns` (the file's), the date of the company's replies is another's too."""
    names = {normal(profile.name), normal(profile.text)} - {""}
    if any(word in name for name in names for word in OTHER_DATE_WORDS):
        return 0
    if _dates_replies(profile, columns):
        return 0
    return 2 if any(word in name for name in names for word in OWN_DATE_WORDS) else 1


# The words of a reply that a date of it is named by: Tripadvisor's "Response Date" beside
# its "Management Response", "Datum der Antwort" beside the "Antwort des Hoteliers"
REPLY_DATE_WORDS = ("response", "antwort", "stellungnahme")


def _dates_replies(profile: ColumnProfile, columns: Sequence[ColumnProfile]) -> bool:
    """Whether a date column dates the company's replies in a file that holds them (a
    column `added` as "reply"): named by a reply's word, or filled on replied rows alone
    where another date column dates more rows. A survey's "Response Date" is its own."""
    replies = [c for c in columns if c.added == "reply"]
    if not replies:
        return False
    names = {normal(profile.name), normal(profile.text)} - {""}
    if any(word in name for name in names for word in REPLY_DATE_WORDS):
        return True
    rows = set(profile.positions)
    more = any(c.kind == "date" and len(c.positions) > len(rows) for c in columns)
    return more and any(rows <= set(reply.positions) for reply in replies)


def rating_not_nps(profile: ColumnProfile) -> bool:
    """Whether a column of whole numbers up to 8-10 asks for a rating, not a recommendation:
    its question names satisfaction, or a rating with answers from 1. Proposed as an NPS,
    the share of 9s and 10s less that of 0-6 would pass for the customers' loyalty; CSAT is
    asked 1-5, so it is not mapped."""
    question = normal(profile.question)
    numbers = profile.numbers + list(profile.labels.values())
    if not numbers or max(numbers) <= 7 or any(word in question for word in NPS_WORDS):
        return False
    if max(numbers) > 11 or min(numbers) < 0 or any(n % 1 for n in numbers):
        return False  # no scale of points: a moment in Unix time "Rated at", a count
    rated = min(numbers) >= 1 and any(word in question for word in RATING_WORDS)
    return rated or any(word in question for word in SATISFACTION_WORDS)


def kpi_of(profile: ColumnProfile) -> str | None:
    """The KPI a score column most likely asks; None if it is no score. A yes/no column is
    the binary KPI, never an NPS; a column whose scale changes within the file is none."""
    if profile.kind == "binary":
        return "binary"
    if profile.kind not in ("number", "labels") or profile.mixed or profile.kpis_by:
        return None
    question = normal(profile.question)
    numbers = profile.numbers + list(profile.labels.values())
    if profile.unlabelled:
        return None  # read by their numbers, its answers would count the wrong way round
    if importance(profile):
        return None
    recommend = any(word in question for word in NPS_WORDS)
    if nps_coded_from_one(numbers) and (recommend or len(set(numbers)) >= 9):
        return "nps"
    if not numbers or min(numbers) < 0 or max(numbers) > 10 or any(n % 1 for n in numbers):
        return None
    if rating_not_nps(profile):
        return None
    if recommend or max(numbers) > 7:
        return "nps"
    # an agreement scale's own labels ("stimme eher zu"), not those a satisfaction scale
    # shares with it ("weder noch")
    if any(normal(label) in AGREE_WORDS - CSAT_LABELS.keys() for label in profile.labels):
        return "ces"
    if any(normal(label) in EFFORT_WORDS - CSAT_LABELS.keys() for label in profile.labels):
        return "ces"  # "sehr einfach", "very difficult": an effort scale's own words
    if any(word in question for word in CES_WORDS):
        return "ces"
    if six_points(profile):
        return None
    return "ces" if max(numbers) > 5 else "csat"


def importance(profile: ColumnProfile) -> bool:
    """Whether a column rates how much something matters to the customer (IMPORTANCE_ASKED,
    asking no satisfaction, recommendation or effort): counted as a CSAT, an NPS or a CES,
    how important the delivery is would pass for how well it went."""
    question = normal(profile.question)
    asks = (*SATISFACTION_WORDS, *NPS_WORDS, *CES_WORDS)
    return bool(IMPORTANCE_ASKED.search(question)) and not any(w in question for w in asks)


def six_points(profile: ColumnProfile) -> bool:
    """Whether a column of whole numbers up to 6 rates without asking for effort:
    HolidayCheck's suns (1-6, 6 the best), a school grade (1 the best). Proposed as a CES, as
    answers up to 7 are, its mean would pass for the customers' effort; CSAT is asked 1-5."""
    question = normal(profile.question)
    numbers = profile.numbers + list(profile.labels.values())
    if not numbers or max(numbers) != 6 or min(numbers) < 0 or any(n % 1 for n in numbers):
        return False
    named = KPI_NAMES.get(question) == "ces"  # a column named by the KPI: "CES", "ces"
    return not named and not any(word in question for word in CES_WORDS)
