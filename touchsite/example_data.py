"""Erzeugt die synthetischen Beispieldaten (Feedback und Geschäftskennzahlen).

Die Dateien stehen nicht im Repository: ``python -m touchsite.example_data`` schreibt
sie ins Beispielprojekt (der erste Befehl des Quick starts), ``touchsite init`` in jedes
neue Projekt.

Die Daten für "Wohnwerk Lindner GmbH" sind frei erfunden. ``data/feedback.csv``
enthält bewusst eine realistische Struktur, die der Bericht sichtbar machen soll:

* zwei schwache Touchpoints (``liefertermin-abstimmung``, ``reklamation``),
* einen Aufwärtstrend beim ``onlineshop-checkout`` (NPS von etwa 0 auf etwa +40),
* mehrere starke Touchpoints (``beratung-filiale``, ``lieferung-aufbau``),
* zwei Touchpoints mit kleiner Stichprobe (< 10 bzw. 10-29 Antworten),
* Stammkunden, die im Schnitt etwas zufriedener sind als Neukunden,
* Freitextkommentare mit wiederkehrenden Themen, einigen personenbezogenen
  Daten (zur Demonstration der Schwärzung) und etwas HTML/Script-Text
  (nicht vertrauenswürdige Eingaben),
* Befragte: ``response_id`` kennzeichnet eine Befragung (Einsendung) mit 1-5
  Touchpoint-Antworten (gleiches Segment, Daten höchstens
  ``RESPONDENT_WINDOW_DAYS`` Tage auseinander, jeder Touchpoint höchstens einmal),
* Beziehungs-NPS: etwa 70 % der Befragten beantworten zusätzlich die Frage
  "Würden Sie Wohnwerk Lindner weiterempfehlen?" (Zeile mit ``touchpoint`` =
  ``overall``, nur ``nps``). Der Wert hängt mit den Stärken aus
  ``DRIVER_WEIGHTS`` von den Touchpoint-Erlebnissen der Person ab
  (Key-Driver-Analyse),
* einen A/B-Test beim ``lieferavis`` ab ``AB_TEST["start"]`` (Spalte
  ``variant``: ``alt``/``neu``; ``neu`` mit höherem NPS und CES).

``data/business.csv`` enthält monatliche Geschäftskennzahlen je Touchpoint
(``touchpoint,period,metric,value``; siehe ``BUSINESS_SERIES``).

Modell: Jede Touchpoint-Antwort hat eine latente Zufriedenheit
``L = mu(touchpoint, datum) + segmenteffekt + N(0, 1)``. NPS, CSAT und CES
werden daraus mit eigenem Messrauschen abgeleitet und gerundet. ``mu`` wird
für jeden Touchpoint aus einem Ziel-NPS (Erwartungswert) bestimmt. Der
Beziehungs-NPS hat die latente Lage
``OVERALL_BASE + segmenteffekt + Summe(DRIVER_WEIGHTS[tp] * L_tp) + N(0, OVERALL_NOISE)``
über die Touchpoints der Befragung.

Der Lauf ist deterministisch: alle Zufallszahlen stammen aus
``numpy.random.default_rng`` mit festem Seed (``SEED`` bzw. davon abgeleiteten
Teilströmen), das aktuelle Datum spielt keine Rolle. Zweimal ausgeführt
entstehen byte-identische Dateien.

Mit ``--language en`` entstehen dieselben Zahlen (gleiche Seeds und Teilströme:
gleiche Werte, Daten, Befragte und Varianten) mit englischen Kommentaren aus
``ENGLISH`` – die Daten des englischen Beispiels unter ``examples/en``.

Aufruf::

    python -m touchsite.example_data [--language de|en] [--out FILE] [--business-out FILE]
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from touchsite.resources import EXAMPLE_LANGUAGES, example_project

LANGUAGES = EXAMPLE_LANGUAGES  # das deutsche Beispiel ist das Repository selbst
SEED = 20261126
START = pd.Timestamp("2025-11-01")
END = pd.Timestamp("2026-10-31")

# Saisonale Gewichte für das Antwortvolumen (Nov/Dez und Mär/Apr stärker).
MONTH_WEIGHTS = {
    "2025-11": 1.25,
    "2025-12": 1.15,
    "2026-01": 0.85,
    "2026-02": 0.85,
    "2026-03": 1.15,
    "2026-04": 1.15,
    "2026-05": 0.95,
    "2026-06": 0.85,
    "2026-07": 0.80,
    "2026-08": 0.85,
    "2026-09": 1.00,
    "2026-10": 1.10,
}

# Segmenteffekt auf der latenten Skala: Stammkunden sind etwas zufriedener.
SEGMENT_SHIFT = {"neukunde": -0.06, "stammkunde": 0.12}

# Abbildung latente Zufriedenheit -> Skalenwert: (Achsenabschnitt, Steigung, Rauschen)
NPS_MAP = (7.2, 2.1, 0.9)  # 0..10
CSAT_MAP = (3.95, 0.95, 0.6)  # 1..5
CES_MAP = (4.95, 1.3, 0.8)  # 1..7, 7 = sehr einfach

# Anteil fehlender Werte je gestellter Frage (Item-Nonresponse).
MISSING = {"nps": 0.02, "csat": 0.04, "ces": 0.05}

# Kommentarwahrscheinlichkeit je Polarität (Unzufriedene schreiben häufiger).
COMMENT_P = {"neg": 0.40, "pos": 0.27, "neu": 0.21}

# ---------------------------------------------------------------------------
# Befragte: Anzahl Touchpoint-Antworten je Einsendung (1-5) und maximaler
# Abstand der Daten innerhalb einer Einsendung.
# ---------------------------------------------------------------------------
ANSWERS_PER_RESPONDENT = {1: 0.27, 2: 0.30, 3: 0.21, 4: 0.13, 5: 0.09}
RESPONDENT_WINDOW_DAYS = 4

# ---------------------------------------------------------------------------
# Beziehungs-NPS ("overall"): Anteil der Befragten mit dieser Frage und
# Treiberstärken. Die latente Zufriedenheit jeder Touchpoint-Antwort geht mit
# diesem Gewicht in die latente Gesamtzufriedenheit ein.
# ---------------------------------------------------------------------------
OVERALL_ID = "overall"
OVERALL_SHARE = 0.70
OVERALL_BASE = 0.20  # latente Grundlage (ergibt einen Beziehungs-NPS um +20)
OVERALL_NOISE = 0.80  # nicht durch Touchpoints erklärter Anteil
OVERALL_COMMENT_P = 0.08
DRIVER_WEIGHTS: dict[str, float] = {
    # stark
    "liefertermin-abstimmung": 0.60,
    "lieferung-aufbau": 0.55,
    "beratung-filiale": 0.55,
    # mittel
    "reklamation": 0.32,
    "onlineshop-checkout": 0.30,
    # schwach
    "kundenservice-hotline": 0.15,
    "kasse-finanzierung": 0.14,
    "auftragsbestaetigung": 0.12,
    "lieferavis": 0.12,
    "showroom-ausstellung": 0.12,
    "sendungsverfolgung": 0.10,
    "rueckgabe": 0.12,
    "servicetechniker-vor-ort": 0.12,
    "selbstabholung-lager": 0.10,
    "altmoebel-mitnahme": 0.08,
    "telefonische-produktberatung": 0.10,
    "online-terminbuchung": 0.08,
    "online-konfigurator": 0.08,
    "website-produktsuche": 0.08,
    "pflegehinweise": 0.05,
    "google-bewertungen": 0.05,
    "freunde-werben": 0.05,
    # kaum
    "newsletter": 0.02,
    "prospekt-katalog": 0.02,
    "instagram-pinterest": 0.01,
}
OVERALL_COMMENTS = {
    "pos": [
        "Insgesamt sehr zufrieden, wir kaufen gern wieder bei Wohnwerk.",
        "Von der Beratung bis zum Aufbau hat alles gepasst.",
        "Habe Wohnwerk schon im Freundeskreis empfohlen.",
    ],
    "neg": [
        "Die Möbel sind schön, aber das Drumherum mit der Lieferung war eine Katastrophe.",
        "Nach dem Ärger mit der Lieferung würde ich nicht wieder bestellen.",
        "Gute Beratung, aber danach hat sich niemand mehr gekümmert.",
    ],
    "neu": [
        "Alles in allem okay.",
        "Möbel gut, Service ausbaufähig.",
    ],
}

# ---------------------------------------------------------------------------
# A/B-Test: ab ``start`` erhalten Antworten zu ``touchpoint`` zufällig (50/50)
# die Variante ``alt`` (bisheriges Avis) oder ``neu`` (neue SMS). ``neu`` hat
# einen um ``nps_uplift`` Punkte höheren Ziel-NPS und einen um ``ces_uplift``
# höheren CES-Erwartungswert.
# ---------------------------------------------------------------------------
AB_TEST = dict(
    touchpoint="lieferavis",
    start=pd.Timestamp("2026-05-01"),
    variants=("alt", "neu"),
    nps_uplift=15.0,
    ces_uplift=0.5,
)

# ---------------------------------------------------------------------------
# Geschäftskennzahlen (data/business.csv): je Reihe ein Verlauf über die
# 12 Monate und relatives Rauschen. ``knots`` = Stützstellen (Monat, Wert),
# linear interpoliert; ``follow_nps`` = (Achsenabschnitt, Steigung): Wert folgt
# dem Ziel-NPS des Touchpoints im Monat.
# ---------------------------------------------------------------------------
BUSINESS_SERIES: list[dict] = [
    # Konversionsrate in Prozent
    dict(
        touchpoint="onlineshop-checkout",
        metric="conversion_rate",
        follow_nps=(1.80, 0.02),
        noise=0.02,
    ),
    dict(
        touchpoint="online-konfigurator",
        metric="conversion_rate",
        knots=[("2025-11", 4.5), ("2026-10", 4.5)],
        noise=0.04,
    ),
    # Weiterempfehlungsrate in Prozent
    dict(
        touchpoint="freunde-werben",
        metric="referral_rate",
        knots=[("2025-11", 3.5), ("2026-10", 3.5)],
        noise=0.05,
    ),
    dict(
        touchpoint="google-bewertungen",
        metric="referral_rate",
        knots=[("2025-11", 8.5), ("2026-10", 8.5)],
        noise=0.03,
    ),
    # Kosten je Kontakt in EUR
    dict(
        touchpoint="kundenservice-hotline",
        metric="cost_per_contact",
        knots=[("2025-11", 6.5), ("2026-10", 6.5)],
        noise=0.025,
    ),
    dict(
        touchpoint="liefertermin-abstimmung",
        metric="cost_per_contact",
        knots=[("2025-11", 9.0), ("2026-06", 9.0), ("2026-10", 8.3)],
        noise=0.015,
    ),
    dict(
        touchpoint="reklamation",
        metric="cost_per_contact",
        knots=[("2025-11", 14.0), ("2026-10", 14.0)],
        noise=0.025,
    ),
    # Kundenwert (Customer Lifetime Value) in EUR
    dict(
        touchpoint="beratung-filiale",
        metric="clv",
        knots=[("2025-11", 2400.0), ("2026-10", 2400.0)],
        noise=0.015,
    ),
]

# Teilströme des Zufallsgenerators (unabhängig voneinander, deterministisch).
STREAM = {
    "touchpoints": 0,
    "comments": 1,
    "ab_test": 2,
    "respondents": 3,
    "overall": 4,
    "business": 5,
    "endings": 6,
}


def rng_for(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, STREAM[name]])


# ---------------------------------------------------------------------------
# Touchpoints: Volumen, Ziel-NPS (Erwartungswert), gestellte Fragen,
# Anteil Stammkunden, optionale Verschiebungen für CSAT/CES und Textbausteine.
# ``nps`` darf ein Tupel (Start, Ende) sein -> linearer Trend über 12 Monate.
# ---------------------------------------------------------------------------
TOUCHPOINTS: dict[str, dict] = {
    # --- Inspiration -------------------------------------------------------
    "instagram-pinterest": dict(
        n=240,
        nps=14,
        ask="nps csat",
        stamm=0.25,
        pos=[
            "Die Einrichtungsideen auf Instagram haben mich überhaupt erst auf Wohnwerk gebracht.",
            "Tolle Raumbilder, man sieht die Möbel endlich einmal in echten Wohnungen.",
            "Die Pinterest-Pinnwände nach Wohnstil sind super zum Ideensammeln.",
            "Die Reels mit Vorher-nachher-Einrichtungen schaue ich mir gern an.",
        ],
        neg=[
            "Auf den Bildern war nicht erkennbar, welches Produkt das ist und was es kostet.",
            "Der Link im Beitrag führte nur auf die Startseite statt direkt zum Produkt.",
            "Meine Frage in den Kommentaren wurde nie beantwortet.",
            "Zu viel Werbung, zu wenig echte Wohnbeispiele.",
        ],
    ),
    "prospekt-katalog": dict(
        n=180,
        nps=9,
        ask="nps csat",
        stamm=0.55,
        pos=[
            "Den Prospekt blättern wir gern gemeinsam am Küchentisch durch.",
            "Übersichtlicher Katalog mit klaren Preisen.",
            "Über den Prospekt sind wir auf die Sofa-Aktion aufmerksam geworden.",
            "Gute Druckqualität, die Farben wirken realistisch.",
        ],
        neg=[
            "Das Sofa aus dem Prospekt war in der Filiale nicht ausgestellt.",
            "Prospektpreis und Preis im Einrichtungshaus waren unterschiedlich.",
            "Der Prospekt kommt viel zu oft und landet meist direkt im Altpapier.",
            "Die Stoffe sehen im Katalog ganz anders aus als in echt.",
        ],
    ),
    "google-bewertungen": dict(
        n=130,
        nps=18,
        ask="nps csat",
        stamm=0.30,
        pos=[
            "Die vielen guten Bewertungen haben mich überzeugt, hinzufahren.",
            "Gut, dass auch auf negative Bewertungen sachlich geantwortet wird.",
            "Die Bewertungen zur Montage waren für mich ausschlaggebend.",
        ],
        neg=[
            "Auf meine Bewertung kam nur eine Standardantwort.",
            "Viele Bewertungen beschweren sich über die Lieferung, das hat mich verunsichert.",
            "Die Öffnungszeiten bei Google stimmten nicht.",
        ],
    ),
    "website-produktsuche": dict(
        n=560,
        nps=12,
        ask="nps csat ces",
        stamm=0.30,
        pos=[
            "Die Filter nach Maßen und Farbe sind sehr praktisch.",
            "Ich habe schnell gefunden, was ich gesucht habe.",
            "Gute Produktfotos und vollständige Maßangaben.",
        ],
        neg=[
            "Die Suche findet nichts, wenn man sich einmal vertippt.",
            "Man sieht nicht, ob ein Modell in meiner Filiale ausgestellt ist.",
            "Die Lieferzeit steht erst ganz am Ende im Warenkorb.",
            "Die Filter werden beim Zurückblättern wieder zurückgesetzt.",
        ],
    ),
    "showroom-ausstellung": dict(
        n=420,
        nps=38,
        ask="nps csat",
        stamm=0.40,
        pos=[
            "Sehr schöne, inspirierende Ausstellung mit echten Wohnwelten.",
            "Man kann alles ausprobieren, das Probeliegen auf den Matratzen war super.",
            "Dank der Kinderecke konnten wir in Ruhe schauen.",
        ],
        neg=[
            "Samstags ist der Parkplatz völlig überfüllt.",
            "An vielen Ausstellungsstücken fehlten die Preisschilder.",
            "Die Ausstellung ist unübersichtlich, man findet kaum den Ausgang.",
        ],
    ),
    # --- Beratung & Kauf ---------------------------------------------------
    "online-terminbuchung": dict(
        n=260,
        nps=28,
        ask="nps csat ces",
        stamm=0.30,
        pos=[
            "Den Beratungstermin habe ich in zwei Minuten online gebucht, sehr bequem.",
            "Die Erinnerung am Vortag war hilfreich.",
            "Toll, dass man vorab angeben kann, um welchen Raum es geht.",
        ],
        neg=[
            "Für die nächsten drei Wochen waren keine Samstagstermine frei.",
            "Die Beraterin wusste nichts von meinen Angaben aus der Buchung.",
            "Umbuchen ging nur telefonisch.",
        ],
    ),
    "online-konfigurator": dict(
        n=310,
        nps=16,
        ask="nps csat ces",
        stamm=0.25,
        pos=[
            "Mit dem Konfigurator konnte ich das Sofa genau nach meinen Wünschen zusammenstellen.",
            "Die 3D-Ansicht hilft sehr bei der Entscheidung.",
            "Der Preis aktualisiert sich bei jeder Änderung sofort.",
        ],
        neg=[
            "Auf dem Handy ist der Konfigurator kaum bedienbar.",
            "Meine gespeicherte Konfiguration war nach dem Login weg.",
            "Die Stofffarben im Konfigurator sehen anders aus als in echt.",
            "Sondermaße lassen sich nicht auswählen.",
        ],
    ),
    "beratung-filiale": dict(
        n=780,
        nps=55,
        ask="nps csat",
        stamm=0.40,
        pos=[
            "Unsere Beraterin hat sich viel Zeit genommen und gut zugehört.",
            "Sehr kompetente Beratung ohne Verkaufsdruck.",
            "Die Planung am Bildschirm mit unseren Raummaßen war klasse.",
            "Der Berater in der Polsterabteilung war sehr freundlich und fachkundig.",
            "Wir haben ehrliche Empfehlungen bekommen, auch zu günstigeren Modellen.",
        ],
        neg=[
            "Am Samstag mussten wir lange warten, bis ein Berater frei war.",
            "Der Berater wirkte unter Zeitdruck.",
            "Zur Lieferzeit haben wir unterschiedliche Auskünfte bekommen.",
        ],
    ),
    "telefonische-produktberatung": dict(
        n=120,
        nps=22,
        ask="nps csat ces",
        stamm=0.45,
        pos=[
            "Am Telefon wurden alle Fragen zu Maßen und Material beantwortet.",
            "Freundlich und ohne lange Wartezeit.",
        ],
        neg=[
            "Ich wurde dreimal weiterverbunden.",
            "Die Mitarbeiterin konnte den Lagerbestand nicht einsehen.",
            "Zu lange in der Warteschleife.",
        ],
    ),
    "kasse-finanzierung": dict(
        n=340,
        nps=20,
        ask="nps csat ces",
        stamm=0.40,
        pos=[
            "Die 0-%-Finanzierung war schnell und unkompliziert abgeschlossen.",
            "An der Kasse ging es zügig, alles wurde transparent erklärt.",
        ],
        neg=[
            "Der Finanzierungsantrag hat über eine Stunde gedauert.",
            "Nur eine Kasse war besetzt, entsprechend lang war die Schlange.",
            "Die Höhe der Anzahlung wurde nicht klar kommuniziert.",
        ],
    ),
    "onlineshop-checkout": dict(
        n=1400,
        nps=(0, 40),
        ask="nps csat ces",
        stamm=0.25,
        pos=[
            "Die Bestellung ging schnell, Zahlung per PayPal und auf Rechnung möglich.",
            "Der neue Bestellprozess ist viel übersichtlicher.",
            "Der Wunsch-Lieferzeitraum direkt im Warenkorb ist sehr gut.",
        ],
        neg=[
            "Die Versandkosten tauchten erst im letzten Schritt auf.",
            "Mein Gutscheincode wurde nicht angenommen.",
            "Ich musste mich zwingend registrieren.",
            "Die Kreditkartenzahlung ist zweimal abgebrochen.",
        ],
    ),
    "auftragsbestaetigung": dict(
        n=520,
        nps=24,
        ask="nps csat",
        stamm=0.35,
        pos=[
            "Die Auftragsbestätigung kam sofort und war vollständig.",
            "Alle Positionen und Maße waren übersichtlich aufgelistet.",
        ],
        neg=[
            "In der Bestätigung stand die falsche Stofffarbe.",
            "Die Lieferwoche in der Bestätigung lag viel später als in der Beratung genannt.",
            "Die Mail ist im Spam-Ordner gelandet.",
        ],
    ),
    # --- Lieferung & Montage -----------------------------------------------
    "liefertermin-abstimmung": dict(
        n=640,
        nps=-25,
        ask="nps csat ces",
        stamm=0.35,
        ces_shift=-0.75,
        pos=[
            "Der Liefertermin wurde schnell und unkompliziert vereinbart.",
            "Man hat mir einen Samstagstermin ermöglicht, danke.",
            "Der Rückruf kam wie versprochen.",
        ],
        neg=[
            "Eine halbe Stunde in der Warteschleife, dann bin ich rausgeflogen.",
            "Mir wurde ein Rückruf versprochen, der Rückruf kam nie.",
            "Das Zeitfenster von 8 bis 17 Uhr ist viel zu ungenau, ich musste einen ganzen Tag Urlaub nehmen.",
            "Der Termin wurde zweimal kurzfristig verschoben.",
            "Niemand konnte mir sagen, wann die Ware überhaupt im Lager ist.",
            "Warum kann ich den Liefertermin nicht einfach online auswählen?",
            "Ewig in der Warteschleife, obwohl ich nur einen Termin bestätigen wollte.",
        ],
    ),
    "lieferavis": dict(
        n=1000,
        nps=8,
        ask="nps csat ces",
        stamm=0.35,
        pos=[
            "Die Mail am Vortag mit dem Zeitfenster war hilfreich.",
            "Gut, dass man am Liefertag noch einmal informiert wird.",
        ],
        neg=[
            "Das Avis kam erst am Vorabend um 21 Uhr.",
            "Das angekündigte Zeitfenster wurde nicht eingehalten.",
            "Auch im Avis war das Zeitfenster noch fünf Stunden lang.",
        ],
    ),
    "sendungsverfolgung": dict(
        n=280,
        nps=5,
        ask="nps ces",
        stamm=0.25,
        pos=[
            "Ich konnte jederzeit sehen, wo meine Bestellung gerade ist.",
            "Praktisch, den Status online prüfen zu können.",
        ],
        neg=[
            "Der Status stand wochenlang auf „in Bearbeitung“.",
            "Der Link zur Sendungsverfolgung funktionierte nicht.",
            "Status im Kundenkonto und Auskunft am Telefon widersprachen sich.",
        ],
    ),
    "lieferung-aufbau": dict(
        n=690,
        nps=52,
        ask="nps csat",
        stamm=0.40,
        pos=[
            "Das Montageteam war pünktlich, freundlich und hat alles sauber aufgebaut.",
            "Die Monteure haben sogar die Verpackung wieder mitgenommen.",
            "Sehr sorgfältig, die Monteure haben extra Schuhüberzieher getragen.",
            "Der Schrank wurde perfekt ausgerichtet, trotz schiefer Wand.",
        ],
        neg=[
            "Ein Teil fehlte, das Team musste ein zweites Mal kommen.",
            "Nach der Montage waren Kratzer im Parkett.",
            "Das Team kam drei Stunden später als angekündigt.",
        ],
    ),
    "altmoebel-mitnahme": dict(
        n=95,
        nps=34,
        ask="nps csat",
        stamm=0.55,
        pos=[
            "Die Mitnahme des alten Sofas hat problemlos geklappt.",
            "Toll, dass das gleich mit erledigt wurde.",
        ],
        neg=[
            "Die Altmöbel wurden nicht mitgenommen, obwohl die Mitnahme gebucht war.",
            "Die Gebühr für die Mitnahme war mir vorher nicht klar.",
        ],
    ),
    "selbstabholung-lager": dict(
        n=24,
        nps=15,
        ask="nps csat ces",
        stamm=0.40,
        pos=[
            "Die Abholung im Lager ging fix, die Ware war schon bereitgestellt.",
            "Freundliche Hilfe beim Einladen.",
        ],
        neg=[
            "Trotz Bereitstellungsmail war die Ware noch nicht da.",
            "Die Abholzeiten im Lager sind sehr eingeschränkt.",
        ],
    ),
    # --- Nutzung & Service -------------------------------------------------
    "reklamation": dict(
        n=380,
        nps=-15,
        ask="nps csat ces",
        stamm=0.40,
        csat_shift=-0.45,
        pos=[
            "Die Reklamation wurde schnell und kulant gelöst.",
            "Das Ersatzteil kam innerhalb einer Woche.",
        ],
        neg=[
            "Auf meine Mail kam zwei Wochen lang keine Antwort.",
            "Ich musste den Schaden dreimal neu schildern und die Fotos mehrfach schicken.",
            "Nur automatische Antworten, kein fester Ansprechpartner.",
            "Ich weiß bis heute nicht, wie der Stand meiner Reklamation ist.",
            "Ich wurde zwischen Hersteller und Filiale hin- und hergeschickt.",
        ],
    ),
    "kundenservice-hotline": dict(
        n=410,
        nps=6,
        ask="nps csat ces",
        stamm=0.45,
        pos=[
            "Sehr freundliche Mitarbeiterin an der Hotline, mein Anliegen war sofort geklärt.",
            "Kurze Wartezeit und kompetente Auskunft.",
        ],
        neg=[
            "Die Hotline ist nur bis 17 Uhr erreichbar, für Berufstätige schwierig.",
            "Lange Warteschleife.",
            "Am Telefon konnte man meinen Auftrag nicht finden.",
        ],
    ),
    "pflegehinweise": dict(
        n=70,
        nps=24,
        ask="nps csat",
        stamm=0.50,
        pos=[
            "Die Pflegeanleitung für den Massivholztisch ist sehr hilfreich.",
            "Gut, dass das Pflegeset gleich dabei war.",
        ],
        neg=[
            "Die Pflegehinweise lagen nur auf Englisch bei.",
            "Die Anleitung war zu allgemein, nichts zu meinem Bezugsstoff.",
        ],
    ),
    "newsletter": dict(
        n=150,
        nps=10,
        ask="nps csat",
        stamm=0.60,
        pos=[
            "Der Newsletter bringt mich immer wieder auf gute Ideen.",
            "Die Aktionen für Stammkunden lohnen sich.",
        ],
        neg=[
            "Viel zu viele Mails pro Woche.",
            "Das Abmelden hat nicht funktioniert.",
            "Ich bekomme Angebote für Möbel, die ich gerade erst gekauft habe.",
        ],
    ),
    "rueckgabe": dict(
        n=110,
        nps=0,
        ask="nps csat ces",
        stamm=0.30,
        pos=[
            "Die Rückgabe lief reibungslos, das Geld war schnell wieder da.",
            "Die Abholung der Rücksendung wurde gut organisiert.",
        ],
        neg=[
            "Die Erstattung hat über vier Wochen gedauert.",
            "Dem Abholtermin für die Rücksendung musste ich selbst hinterhertelefonieren.",
            "Die Rückgabe von großen Möbeln ist viel zu kompliziert.",
        ],
    ),
    "servicetechniker-vor-ort": dict(
        n=85,
        nps=30,
        ask="nps csat ces",
        stamm=0.50,
        pos=[
            "Der Techniker hat die Schranktüren in zehn Minuten perfekt eingestellt.",
            "Sehr kompetent, er hat alles erklärt.",
        ],
        neg=[
            "Bis zum Technikertermin hat es fast sechs Wochen gedauert.",
            "Der Techniker hatte das falsche Ersatzteil dabei.",
        ],
    ),
    "freunde-werben": dict(
        n=8,
        nps=45,
        ask="nps",
        stamm=0.75,
        months=["2026-09", "2026-10"],
        pos=[
            "Gutschein für mich und meine Schwester, super Aktion.",
            "Ich habe Wohnwerk gern weiterempfohlen, der Code kam sofort.",
        ],
        neg=[
            "Der Empfehlungscode wurde bei meinem Freund nicht akzeptiert.",
        ],
    ),
}

NEUTRAL = [
    "Im Großen und Ganzen in Ordnung.",
    "Hat funktioniert, mehr aber auch nicht.",
    "Passt soweit, da ist aber noch Luft nach oben.",
    "Alles okay, nichts Besonderes.",
    "Grundsätzlich zufrieden, ein paar Kleinigkeiten könnten besser sein.",
]

# Personenbezogene Daten, wie sie in echten Exporten vorkommen (alle fiktiv).
PII = [
    (
        "liefertermin-abstimmung",
        "Bitte melden Sie sich unter 0171 2345678, ich bin tagsüber nicht erreichbar.",
    ),
    ("liefertermin-abstimmung", "Rückruf bitte an Jonas Berger, Tel. 0221 9876543."),
    ("reklamation", "Meine Mail: anna.schmidt@example.org – bitte endlich antworten."),
    ("reklamation", "Auftragsnummer 4711-2231, Kontakt: m.keller@example.com."),
    (
        "reklamation",
        "Ich wohne in der Lindenstraße 12, 50674 Köln, dort steht der beschädigte Schrank.",
    ),
    ("rueckgabe", "Bitte erstatten Sie den Betrag auf DE89 3704 0044 0532 0130 00."),
    (
        "rueckgabe",
        "Die Erstattung bitte an IBAN DE02 1203 0000 0000 2020 51, Kontoinhaberin Petra Vogel.",
    ),
    ("kundenservice-hotline", "Meine Handynummer ist +49 160 5551234, bitte zurückrufen."),
    ("kasse-finanzierung", "Die Unterlagen bitte an thomas.mueller@example.net schicken."),
    ("kundenservice-hotline", "Ich heiße Sabine Wagner, Kundennummer 883104, Telefon 089 1234567."),
]

# Nicht vertrauenswürdige Eingaben mit HTML/Script-Inhalt.
HTML = [
    ("beratung-filiale", "pos", "<b>super</b> Beratung, gerne wieder!"),
    ("onlineshop-checkout", "neg", "<script>alert(1)</script> Bezahlung ging wieder nicht."),
    (
        "website-produktsuche",
        "neg",
        "Suche kaputt <img src=x onerror=alert('xss')> bitte reparieren.",
    ),
]

# ---------------------------------------------------------------------------
# Englische Fassung (``--language en``): jeder deutsche Textbaustein oben mit
# seiner Übersetzung. Die Zufallsziehungen bleiben dieselben, nur der Text wird
# beim Zusammensetzen ersetzt; Werte, Daten, Befragte und Varianten sind
# identisch mit der deutschen Datei.
# ---------------------------------------------------------------------------
ENGLISH: dict[str, str] = {
    # overall
    "Insgesamt sehr zufrieden, wir kaufen gern wieder bei Wohnwerk.": "Very satisfied overall, we'll happily buy from Wohnwerk again.",
    "Von der Beratung bis zum Aufbau hat alles gepasst.": "Everything was right, from the advice to the assembly.",
    "Habe Wohnwerk schon im Freundeskreis empfohlen.": "I've already recommended Wohnwerk to my friends.",
    "Die Möbel sind schön, aber das Drumherum mit der Lieferung war eine Katastrophe.": "The furniture is lovely, but everything around the delivery was a disaster.",
    "Nach dem Ärger mit der Lieferung würde ich nicht wieder bestellen.": "After all the trouble with the delivery I wouldn't order again.",
    "Gute Beratung, aber danach hat sich niemand mehr gekümmert.": "Good advice, but after that nobody cared any more.",
    "Alles in allem okay.": "All in all, okay.",
    "Möbel gut, Service ausbaufähig.": "Furniture good, service could be better.",
    # instagram-pinterest
    "Die Einrichtungsideen auf Instagram haben mich überhaupt erst auf Wohnwerk gebracht.": "The interior ideas on Instagram are what brought me to Wohnwerk in the first place.",
    "Tolle Raumbilder, man sieht die Möbel endlich einmal in echten Wohnungen.": "Great room photos, you finally get to see the furniture in real homes.",
    "Die Pinterest-Pinnwände nach Wohnstil sind super zum Ideensammeln.": "The Pinterest boards by interior style are great for collecting ideas.",
    "Die Reels mit Vorher-nachher-Einrichtungen schaue ich mir gern an.": "I enjoy watching the before-and-after makeover reels.",
    "Auf den Bildern war nicht erkennbar, welches Produkt das ist und was es kostet.": "The pictures didn't show which product it was or what it costs.",
    "Der Link im Beitrag führte nur auf die Startseite statt direkt zum Produkt.": "The link in the post only went to the home page instead of straight to the product.",
    "Meine Frage in den Kommentaren wurde nie beantwortet.": "My question in the comments was never answered.",
    "Zu viel Werbung, zu wenig echte Wohnbeispiele.": "Too much advertising, too few real home examples.",
    # prospekt-katalog
    "Den Prospekt blättern wir gern gemeinsam am Küchentisch durch.": "We like leafing through the brochure together at the kitchen table.",
    "Übersichtlicher Katalog mit klaren Preisen.": "Clearly laid-out catalogue with clear prices.",
    "Über den Prospekt sind wir auf die Sofa-Aktion aufmerksam geworden.": "The brochure is how we found out about the sofa promotion.",
    "Gute Druckqualität, die Farben wirken realistisch.": "Good print quality, the colours look realistic.",
    "Das Sofa aus dem Prospekt war in der Filiale nicht ausgestellt.": "The sofa from the brochure wasn't on display in the store.",
    "Prospektpreis und Preis im Einrichtungshaus waren unterschiedlich.": "The brochure price and the price in the store were different.",
    "Der Prospekt kommt viel zu oft und landet meist direkt im Altpapier.": "The brochure comes far too often and usually goes straight into the recycling.",
    "Die Stoffe sehen im Katalog ganz anders aus als in echt.": "The fabrics look completely different in the catalogue than in real life.",
    # google-bewertungen
    "Die vielen guten Bewertungen haben mich überzeugt, hinzufahren.": "All the good reviews convinced me to go there.",
    "Gut, dass auch auf negative Bewertungen sachlich geantwortet wird.": "Good that even negative reviews get a factual reply.",
    "Die Bewertungen zur Montage waren für mich ausschlaggebend.": "The reviews about the assembly were what decided it for me.",
    "Auf meine Bewertung kam nur eine Standardantwort.": "My review only got a standard reply.",
    "Viele Bewertungen beschweren sich über die Lieferung, das hat mich verunsichert.": "Lots of reviews complain about the delivery, which made me unsure.",
    "Die Öffnungszeiten bei Google stimmten nicht.": "The opening hours on Google were wrong.",
    # website-produktsuche
    "Die Filter nach Maßen und Farbe sind sehr praktisch.": "The filters for dimensions and colour are very handy.",
    "Ich habe schnell gefunden, was ich gesucht habe.": "I quickly found what I was looking for.",
    "Gute Produktfotos und vollständige Maßangaben.": "Good product photos and complete dimensions.",
    "Die Suche findet nichts, wenn man sich einmal vertippt.": "The search finds nothing if you make a single typo.",
    "Man sieht nicht, ob ein Modell in meiner Filiale ausgestellt ist.": "You can't see whether a model is on display in my local store.",
    "Die Lieferzeit steht erst ganz am Ende im Warenkorb.": "The delivery time only appears at the very end, in the basket.",
    "Die Filter werden beim Zurückblättern wieder zurückgesetzt.": "The filters are reset when you go back a page.",
    # showroom-ausstellung
    "Sehr schöne, inspirierende Ausstellung mit echten Wohnwelten.": "Very beautiful, inspiring showroom with realistic room settings.",
    "Man kann alles ausprobieren, das Probeliegen auf den Matratzen war super.": "You can try everything out, testing the mattresses was great.",
    "Dank der Kinderecke konnten wir in Ruhe schauen.": "Thanks to the children's corner we could look around in peace.",
    "Samstags ist der Parkplatz völlig überfüllt.": "On Saturdays the car park is completely overcrowded.",
    "An vielen Ausstellungsstücken fehlten die Preisschilder.": "Many display items had no price tags.",
    "Die Ausstellung ist unübersichtlich, man findet kaum den Ausgang.": "The showroom is confusing, you can hardly find the exit.",
    # online-terminbuchung
    "Den Beratungstermin habe ich in zwei Minuten online gebucht, sehr bequem.": "I booked the advice appointment online in two minutes, very convenient.",
    "Die Erinnerung am Vortag war hilfreich.": "The reminder the day before was helpful.",
    "Toll, dass man vorab angeben kann, um welchen Raum es geht.": "Great that you can say in advance which room it's about.",
    "Für die nächsten drei Wochen waren keine Samstagstermine frei.": "There were no Saturday appointments available for the next three weeks.",
    "Die Beraterin wusste nichts von meinen Angaben aus der Buchung.": "The consultant knew nothing about the details I gave when booking.",
    "Umbuchen ging nur telefonisch.": "Rebooking was only possible by phone.",
    # online-konfigurator
    "Mit dem Konfigurator konnte ich das Sofa genau nach meinen Wünschen zusammenstellen.": "With the configurator I could put the sofa together exactly the way I wanted.",
    "Die 3D-Ansicht hilft sehr bei der Entscheidung.": "The 3D view really helps with the decision.",
    "Der Preis aktualisiert sich bei jeder Änderung sofort.": "The price updates instantly with every change.",
    "Auf dem Handy ist der Konfigurator kaum bedienbar.": "The configurator is almost unusable on a mobile phone.",
    "Meine gespeicherte Konfiguration war nach dem Login weg.": "My saved configuration was gone after logging in.",
    "Die Stofffarben im Konfigurator sehen anders aus als in echt.": "The fabric colours in the configurator look different from the real thing.",
    "Sondermaße lassen sich nicht auswählen.": "Custom dimensions can't be selected.",
    # beratung-filiale
    "Unsere Beraterin hat sich viel Zeit genommen und gut zugehört.": "Our consultant took plenty of time and listened carefully.",
    "Sehr kompetente Beratung ohne Verkaufsdruck.": "Very competent advice without any sales pressure.",
    "Die Planung am Bildschirm mit unseren Raummaßen war klasse.": "Planning on screen with our room dimensions was brilliant.",
    "Der Berater in der Polsterabteilung war sehr freundlich und fachkundig.": "The consultant in the upholstery department was very friendly and knowledgeable.",
    "Wir haben ehrliche Empfehlungen bekommen, auch zu günstigeren Modellen.": "We got honest recommendations, including cheaper models.",
    "Am Samstag mussten wir lange warten, bis ein Berater frei war.": "On Saturday we had to wait a long time for a consultant to become available.",
    "Der Berater wirkte unter Zeitdruck.": "The consultant seemed pressed for time.",
    "Zur Lieferzeit haben wir unterschiedliche Auskünfte bekommen.": "We were given conflicting information about the delivery time.",
    # telefonische-produktberatung
    "Am Telefon wurden alle Fragen zu Maßen und Material beantwortet.": "All my questions about dimensions and materials were answered on the phone.",
    "Freundlich und ohne lange Wartezeit.": "Friendly and no long wait.",
    "Ich wurde dreimal weiterverbunden.": "I was transferred three times.",
    "Die Mitarbeiterin konnte den Lagerbestand nicht einsehen.": "The member of staff couldn't see the stock levels.",
    "Zu lange in der Warteschleife.": "On hold for too long.",
    # kasse-finanzierung
    "Die 0-%-Finanzierung war schnell und unkompliziert abgeschlossen.": "The 0% financing was set up quickly and easily.",
    "An der Kasse ging es zügig, alles wurde transparent erklärt.": "Checkout was quick, and everything was explained transparently.",
    "Der Finanzierungsantrag hat über eine Stunde gedauert.": "The financing application took over an hour.",
    "Nur eine Kasse war besetzt, entsprechend lang war die Schlange.": "Only one till was open, so the queue was long.",
    "Die Höhe der Anzahlung wurde nicht klar kommuniziert.": "The amount of the deposit wasn't communicated clearly.",
    # onlineshop-checkout
    "Die Bestellung ging schnell, Zahlung per PayPal und auf Rechnung möglich.": "Ordering was quick, and you can pay by PayPal or on invoice.",
    "Der neue Bestellprozess ist viel übersichtlicher.": "The new ordering process is much clearer.",
    "Der Wunsch-Lieferzeitraum direkt im Warenkorb ist sehr gut.": "Choosing a preferred delivery period right in the basket is very good.",
    "Die Versandkosten tauchten erst im letzten Schritt auf.": "The delivery costs only showed up in the last step.",
    "Mein Gutscheincode wurde nicht angenommen.": "My voucher code wasn't accepted.",
    "Ich musste mich zwingend registrieren.": "I was forced to register.",
    "Die Kreditkartenzahlung ist zweimal abgebrochen.": "The credit card payment failed twice.",
    # auftragsbestaetigung
    "Die Auftragsbestätigung kam sofort und war vollständig.": "The order confirmation arrived immediately and was complete.",
    "Alle Positionen und Maße waren übersichtlich aufgelistet.": "All items and dimensions were clearly listed.",
    "In der Bestätigung stand die falsche Stofffarbe.": "The confirmation showed the wrong fabric colour.",
    "Die Lieferwoche in der Bestätigung lag viel später als in der Beratung genannt.": "The delivery week in the confirmation was much later than the one given during the consultation.",
    "Die Mail ist im Spam-Ordner gelandet.": "The email ended up in my spam folder.",
    # liefertermin-abstimmung
    "Der Liefertermin wurde schnell und unkompliziert vereinbart.": "The delivery date was arranged quickly and easily.",
    "Man hat mir einen Samstagstermin ermöglicht, danke.": "They managed to give me a Saturday slot, thank you.",
    "Der Rückruf kam wie versprochen.": "The callback came as promised.",
    "Eine halbe Stunde in der Warteschleife, dann bin ich rausgeflogen.": "Half an hour on hold, then I got cut off.",
    "Mir wurde ein Rückruf versprochen, der Rückruf kam nie.": "I was promised a callback, but the callback never came.",
    "Das Zeitfenster von 8 bis 17 Uhr ist viel zu ungenau, ich musste einen ganzen Tag Urlaub nehmen.": "The time slot from 8 am to 5 pm is far too vague, I had to take a whole day off work.",
    "Der Termin wurde zweimal kurzfristig verschoben.": "The appointment was postponed twice at short notice.",
    "Niemand konnte mir sagen, wann die Ware überhaupt im Lager ist.": "Nobody could tell me when the goods would even be in the warehouse.",
    "Warum kann ich den Liefertermin nicht einfach online auswählen?": "Why can't I just choose the delivery date online?",
    "Ewig in der Warteschleife, obwohl ich nur einen Termin bestätigen wollte.": "On hold forever, even though I only wanted to confirm an appointment.",
    # lieferavis
    "Die Mail am Vortag mit dem Zeitfenster war hilfreich.": "The email the day before with the time slot was helpful.",
    "Gut, dass man am Liefertag noch einmal informiert wird.": "Good that you get another update on the day of delivery.",
    "Das Avis kam erst am Vorabend um 21 Uhr.": "The notice only arrived the evening before, at 9 pm.",
    "Das angekündigte Zeitfenster wurde nicht eingehalten.": "The announced time slot wasn't kept.",
    "Auch im Avis war das Zeitfenster noch fünf Stunden lang.": "Even in the notice the time slot was still five hours long.",
    # sendungsverfolgung
    "Ich konnte jederzeit sehen, wo meine Bestellung gerade ist.": "I could see at any time where my order was.",
    "Praktisch, den Status online prüfen zu können.": "Handy to be able to check the status online.",
    "Der Status stand wochenlang auf „in Bearbeitung“.": "The status said “processing” for weeks.",
    "Der Link zur Sendungsverfolgung funktionierte nicht.": "The tracking link didn't work.",
    "Status im Kundenkonto und Auskunft am Telefon widersprachen sich.": "The status in my customer account and what I was told on the phone contradicted each other.",
    # lieferung-aufbau
    "Das Montageteam war pünktlich, freundlich und hat alles sauber aufgebaut.": "The assembly team was punctual, friendly and assembled everything neatly.",
    "Die Monteure haben sogar die Verpackung wieder mitgenommen.": "The fitters even took the packaging away with them.",
    "Sehr sorgfältig, die Monteure haben extra Schuhüberzieher getragen.": "Very careful, the fitters even wore shoe covers.",
    "Der Schrank wurde perfekt ausgerichtet, trotz schiefer Wand.": "The wardrobe was perfectly aligned despite the uneven wall.",
    "Ein Teil fehlte, das Team musste ein zweites Mal kommen.": "A part was missing, so the team had to come back a second time.",
    "Nach der Montage waren Kratzer im Parkett.": "After the assembly there were scratches in the parquet floor.",
    "Das Team kam drei Stunden später als angekündigt.": "The team arrived three hours later than announced.",
    # altmoebel-mitnahme
    "Die Mitnahme des alten Sofas hat problemlos geklappt.": "Taking away the old sofa went without a hitch.",
    "Toll, dass das gleich mit erledigt wurde.": "Great that this was taken care of at the same time.",
    "Die Altmöbel wurden nicht mitgenommen, obwohl die Mitnahme gebucht war.": "The old furniture wasn't taken away, even though the removal had been booked.",
    "Die Gebühr für die Mitnahme war mir vorher nicht klar.": "I wasn't aware of the removal fee beforehand.",
    # selbstabholung-lager
    "Die Abholung im Lager ging fix, die Ware war schon bereitgestellt.": "Collection at the warehouse was quick, the goods were already waiting.",
    "Freundliche Hilfe beim Einladen.": "Friendly help with loading.",
    "Trotz Bereitstellungsmail war die Ware noch nicht da.": "Despite the ready-for-collection email, the goods weren't there yet.",
    "Die Abholzeiten im Lager sind sehr eingeschränkt.": "The collection hours at the warehouse are very limited.",
    # reklamation
    "Die Reklamation wurde schnell und kulant gelöst.": "The complaint was resolved quickly and generously.",
    "Das Ersatzteil kam innerhalb einer Woche.": "The spare part arrived within a week.",
    "Auf meine Mail kam zwei Wochen lang keine Antwort.": "My email went unanswered for two weeks.",
    "Ich musste den Schaden dreimal neu schildern und die Fotos mehrfach schicken.": "I had to describe the damage three times and send the photos several times.",
    "Nur automatische Antworten, kein fester Ansprechpartner.": "Only automatic replies, no fixed contact person.",
    "Ich weiß bis heute nicht, wie der Stand meiner Reklamation ist.": "To this day I don't know the status of my complaint.",
    "Ich wurde zwischen Hersteller und Filiale hin- und hergeschickt.": "I was passed back and forth between the manufacturer and the store.",
    # kundenservice-hotline
    "Sehr freundliche Mitarbeiterin an der Hotline, mein Anliegen war sofort geklärt.": "Very friendly agent on the hotline, my issue was sorted out straight away.",
    "Kurze Wartezeit und kompetente Auskunft.": "Short wait and competent information.",
    "Die Hotline ist nur bis 17 Uhr erreichbar, für Berufstätige schwierig.": "The hotline is only available until 5 pm, which is difficult for working people.",
    "Lange Warteschleife.": "Long time on hold.",
    "Am Telefon konnte man meinen Auftrag nicht finden.": "On the phone they couldn't find my order.",
    # pflegehinweise
    "Die Pflegeanleitung für den Massivholztisch ist sehr hilfreich.": "The care instructions for the solid wood table are very helpful.",
    "Gut, dass das Pflegeset gleich dabei war.": "Good that the care kit was included.",
    "Die Pflegehinweise lagen nur auf Englisch bei.": "The care instructions were only included in English.",
    "Die Anleitung war zu allgemein, nichts zu meinem Bezugsstoff.": "The instructions were too general, nothing about my upholstery fabric.",
    # newsletter
    "Der Newsletter bringt mich immer wieder auf gute Ideen.": "The newsletter keeps giving me good ideas.",
    "Die Aktionen für Stammkunden lohnen sich.": "The offers for regular customers are worth it.",
    "Viel zu viele Mails pro Woche.": "Far too many emails per week.",
    "Das Abmelden hat nicht funktioniert.": "Unsubscribing didn't work.",
    "Ich bekomme Angebote für Möbel, die ich gerade erst gekauft habe.": "I get offers for furniture I've only just bought.",
    # rueckgabe
    "Die Rückgabe lief reibungslos, das Geld war schnell wieder da.": "The return went smoothly, and the money was back quickly.",
    "Die Abholung der Rücksendung wurde gut organisiert.": "The collection of the return was well organised.",
    "Die Erstattung hat über vier Wochen gedauert.": "The refund took more than four weeks.",
    "Dem Abholtermin für die Rücksendung musste ich selbst hinterhertelefonieren.": "I had to keep phoning myself to get a collection date for the return.",
    "Die Rückgabe von großen Möbeln ist viel zu kompliziert.": "Returning large furniture is far too complicated.",
    # servicetechniker-vor-ort
    "Der Techniker hat die Schranktüren in zehn Minuten perfekt eingestellt.": "The technician adjusted the wardrobe doors perfectly in ten minutes.",
    "Sehr kompetent, er hat alles erklärt.": "Very competent, he explained everything.",
    "Bis zum Technikertermin hat es fast sechs Wochen gedauert.": "It took almost six weeks to get a technician appointment.",
    "Der Techniker hatte das falsche Ersatzteil dabei.": "The technician brought the wrong spare part.",
    # freunde-werben
    "Gutschein für mich und meine Schwester, super Aktion.": "A voucher for me and my sister, great promotion.",
    "Ich habe Wohnwerk gern weiterempfohlen, der Code kam sofort.": "I was happy to recommend Wohnwerk, and the code arrived straight away.",
    "Der Empfehlungscode wurde bei meinem Freund nicht akzeptiert.": "The referral code wasn't accepted for my friend.",
    # neutral
    "Im Großen und Ganzen in Ordnung.": "On the whole, fine.",
    "Hat funktioniert, mehr aber auch nicht.": "It worked, but that's about it.",
    "Passt soweit, da ist aber noch Luft nach oben.": "It's all right so far, but there's room for improvement.",
    "Alles okay, nichts Besonderes.": "Everything okay, nothing special.",
    "Grundsätzlich zufrieden, ein paar Kleinigkeiten könnten besser sein.": "Basically satisfied, a few little things could be better.",
    # personal data (all fictitious; UK formats)
    "Bitte melden Sie sich unter 0171 2345678, ich bin tagsüber nicht erreichbar.": "Please contact me on 07700 900123, I can't be reached during the day.",
    "Rückruf bitte an Jonas Berger, Tel. 0221 9876543.": "Please ask James Baker to call back, tel. 0161 4960 321.",
    "Meine Mail: anna.schmidt@example.org – bitte endlich antworten.": "My email: anna.smith@example.org – please reply at last.",
    "Auftragsnummer 4711-2231, Kontakt: m.keller@example.com.": "Order number 4711-2231, contact: m.keller@example.com.",
    "Ich wohne in der Lindenstraße 12, 50674 Köln, dort steht der beschädigte Schrank.": "I live at 12 Linden Road, Manchester M14 5RT, which is where the damaged wardrobe is.",
    "Bitte erstatten Sie den Betrag auf DE89 3704 0044 0532 0130 00.": "Please refund the amount to GB29 NWBK 6016 1331 9268 19.",
    "Die Erstattung bitte an IBAN DE02 1203 0000 0000 2020 51, Kontoinhaberin Petra Vogel.": "Please send the refund to IBAN GB33 BUKB 2020 1555 5555 55, account holder Patricia Fowler.",
    "Meine Handynummer ist +49 160 5551234, bitte zurückrufen.": "My mobile number is +44 7700 900456, please call me back.",
    "Die Unterlagen bitte an thomas.mueller@example.net schicken.": "Please send the documents to thomas.miller@example.net.",
    "Ich heiße Sabine Wagner, Kundennummer 883104, Telefon 089 1234567.": "My name is Sarah Walker, customer number 883104, phone 020 7946 0958.",
    # untrusted input with HTML/script
    "<b>super</b> Beratung, gerne wieder!": "<b>great</b> advice, would come again!",
    "<script>alert(1)</script> Bezahlung ging wieder nicht.": "<script>alert(1)</script> Payment failed again.",
    "Suche kaputt <img src=x onerror=alert('xss')> bitte reparieren.": "Search broken <img src=x onerror=alert('xss')> please fix.",
}


def norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def expected_nps(mu: float, p_stamm: float) -> float:
    """Erwarteter NPS für eine latente Lage ``mu`` (exakt bis auf Rundung)."""
    a, b, s = NPS_MAP
    sd = math.sqrt(b * b + s * s)
    total = 0.0
    for seg, w in (("stammkunde", p_stamm), ("neukunde", 1.0 - p_stamm)):
        m = a + b * (mu + SEGMENT_SHIFT[seg])
        promoters = 1.0 - norm_cdf((8.5 - m) / sd)
        detractors = norm_cdf((6.5 - m) / sd)
        total += w * 100.0 * (promoters - detractors)
    return total


def mu_for_nps(target: np.ndarray, p_stamm: float) -> np.ndarray:
    """Invertiert ``expected_nps`` über ein feines Gitter (deterministisch)."""
    grid = np.linspace(-4.0, 4.0, 8001)
    values = np.array([expected_nps(m, p_stamm) for m in grid])
    return np.interp(target, values, grid)


# Touchpoints of the example the survey does not ask about (yet): they get no answers.
UNSURVEYED = ("online-liefertermin-wahl",)


def check_content_ids(ids: list[str], project: Path) -> None:
    folder = project / "content" / "touchpoints"
    if not folder.is_dir():
        return
    stems = {p.stem for p in folder.glob("*.md")} - set(UNSURVEYED)
    if stems and stems != set(ids):
        missing = sorted(set(ids) - stems)
        extra = sorted(stems - set(ids))
        raise SystemExit(
            f"Touchpoint-IDs passen nicht zu {folder}: fehlen dort {missing}, unbekannt {extra}"
        )


def sample_dates(rng: np.random.Generator, n: int, months: list[str] | None) -> pd.Series:
    keys = months or list(MONTH_WEIGHTS)
    w = np.array([MONTH_WEIGHTS[k] for k in keys], dtype=float)
    idx = rng.choice(len(keys), size=n, p=w / w.sum())
    starts = pd.to_datetime([keys[i] + "-01" for i in idx])
    days = np.array([starts[j].days_in_month for j in range(n)])
    offsets = np.floor(rng.random(n) * days).astype(int)
    return pd.Series(starts + pd.to_timedelta(offsets, unit="D"))


def to_scale(
    latent: np.ndarray,
    mapping: tuple[float, float, float],
    lo: int,
    hi: int,
    rng: np.random.Generator,
    shift: float = 0.0,
) -> np.ndarray:
    a, b, s = mapping
    raw = a + b * (latent + shift) + rng.normal(0.0, s, size=latent.shape)
    return np.clip(np.floor(raw + 0.5), lo, hi).astype(int)


def touchpoint_rows(rng: np.random.Generator, rng_ab: np.random.Generator) -> pd.DataFrame:
    """Eine Zeile je Touchpoint-Antwort (noch ohne Befragten-Zuordnung)."""
    frames = []
    span_days = (END - START).days
    for tp, cfg in TOUCHPOINTS.items():
        n = cfg["n"]
        dates = sample_dates(rng, n, cfg.get("months"))
        segment = np.where(rng.random(n) < cfg["stamm"], "stammkunde", "neukunde")

        target = cfg["nps"]
        if isinstance(target, tuple):
            t = ((dates - START).dt.days / span_days).to_numpy()
            target_arr = target[0] + (target[1] - target[0]) * t
        else:
            target_arr = np.full(n, float(target))

        # A/B-Test: Variante zufällig (50/50); "neu" mit höherem Ziel-NPS und CES.
        variant = np.full(n, "", dtype=object)
        ces_shift = np.full(n, float(cfg.get("ces_shift", 0.0)))
        if tp == AB_TEST["touchpoint"]:
            in_test = (dates >= AB_TEST["start"]).to_numpy()
            is_new = rng_ab.random(n) < 0.5
            old_name, new_name = AB_TEST["variants"]
            variant[in_test] = np.where(is_new[in_test], new_name, old_name)
            treated = in_test & is_new
            mu_old = mu_for_nps(target_arr, cfg["stamm"])
            target_arr = target_arr + np.where(treated, AB_TEST["nps_uplift"], 0.0)
            mu_new = mu_for_nps(target_arr, cfg["stamm"])
            # CES-Zuwachs insgesamt ces_uplift: den Anteil, den die höhere
            # Zufriedenheit schon liefert, abziehen.
            extra = AB_TEST["ces_uplift"] / CES_MAP[1] - (mu_new - mu_old)
            ces_shift = ces_shift + np.where(treated, extra, 0.0)

        mu = mu_for_nps(target_arr, cfg["stamm"])
        shift = np.array([SEGMENT_SHIFT[s] for s in segment])
        latent = mu + shift + rng.normal(0.0, 1.0, size=n)

        asked = cfg["ask"].split()
        nps = pd.array(to_scale(latent, NPS_MAP, 0, 10, rng), dtype="Int64")
        csat = pd.array(
            to_scale(latent, CSAT_MAP, 1, 5, rng, cfg.get("csat_shift", 0.0)), dtype="Int64"
        )
        ces = pd.array(to_scale(latent, CES_MAP, 1, 7, rng, ces_shift), dtype="Int64")
        cols = {"nps": nps, "csat": csat, "ces": ces}
        for k in cols:
            if k not in asked:
                cols[k] = pd.array([pd.NA] * n, dtype="Int64")
            else:
                drop = rng.random(n) < MISSING[k]
                cols[k][drop] = pd.NA
        # Mindestens ein Wert pro Antwort: notfalls den NPS behalten.
        empty = cols["nps"].isna() & cols["csat"].isna() & cols["ces"].isna()
        cols["nps"][np.asarray(empty)] = pd.array(
            to_scale(latent, NPS_MAP, 0, 10, rng), dtype="Int64"
        )[np.asarray(empty)]

        frames.append(
            pd.DataFrame(
                {
                    "touchpoint": tp,
                    "date": dates.dt.strftime("%Y-%m-%d").to_numpy(),
                    "nps": cols["nps"],
                    "csat": cols["csat"],
                    "ces": cols["ces"],
                    "comment": "",
                    "segment": segment,
                    "variant": variant,
                    "_day": (dates - START).dt.days.to_numpy(),
                    "_latent": latent,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def assign_respondents(df: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Fasst Antworten zu Befragten zusammen; liefert eine Befragten-Nummer je Zeile.

    Von der frühesten noch freien Antwort eines Segments aus werden zufällig
    weitere freie Antworten desselben Segments aus den folgenden
    ``RESPONDENT_WINDOW_DAYS`` Tagen ergänzt (jeder Touchpoint nur einmal), bis
    die gezogene Gruppengröße erreicht ist. Nummeriert wird nach Datum.
    """
    n = len(df)
    day = df["_day"].to_numpy()
    tps = df["touchpoint"].to_numpy()
    seg = df["segment"].to_numpy()
    sizes = np.array(list(ANSWERS_PER_RESPONDENT))
    probs = np.array(list(ANSWERS_PER_RESPONDENT.values()))
    order = np.lexsort((rng.random(n), day))  # nach Datum, Gleichstand zufällig
    where = np.empty(n, dtype=int)
    where[order] = np.arange(n)
    group = np.full(n, -1)
    anchors: list[tuple[int, int]] = []  # (Tag, Position in order) je Gruppe
    for s in ("neukunde", "stammkunde"):
        idx = order[seg[order] == s]
        d = day[idx]
        free = np.ones(len(idx), dtype=bool)
        for a in range(len(idx)):
            if not free[a]:
                continue
            gid = len(anchors)
            anchors.append((int(d[a]), int(where[idx[a]])))
            free[a] = False
            group[idx[a]] = gid
            seen = {tps[idx[a]]}
            want = int(rng.choice(sizes, p=probs)) - 1
            hi = int(np.searchsorted(d, d[a] + RESPONDENT_WINDOW_DAYS, side="right"))
            cand = np.flatnonzero(free[a + 1 : hi]) + a + 1
            for j in rng.permutation(cand):
                if want == 0:
                    break
                if tps[idx[j]] in seen:
                    continue
                seen.add(tps[idx[j]])
                free[j] = False
                group[idx[j]] = gid
                want -= 1
    # Nach erstem Datum (dann Reihenfolge in ``order``) durchnummerieren.
    rank = np.empty(len(anchors), dtype=int)
    rank[sorted(range(len(anchors)), key=lambda g: anchors[g])] = np.arange(len(anchors))
    return rank[group]


def overall_rows(
    df: pd.DataFrame, rng: np.random.Generator, tr: Callable[[str], str] = str
) -> pd.DataFrame:
    """Beziehungs-NPS für ``OVERALL_SHARE`` der Befragten (eine Zeile je Befragtem)."""
    weights = df["touchpoint"].map(DRIVER_WEIGHTS).to_numpy(dtype=float)
    contrib = pd.Series(weights * df["_latent"].to_numpy()).groupby(df["_resp"].to_numpy()).sum()
    info = df.groupby("_resp").agg(date=("date", "max"), segment=("segment", "first"))
    info["drive"] = contrib
    info = info[rng.random(len(info)) < OVERALL_SHARE]
    m = len(info)
    shift = info["segment"].map(SEGMENT_SHIFT).to_numpy(dtype=float)
    latent = OVERALL_BASE + shift + info["drive"].to_numpy() + rng.normal(0.0, OVERALL_NOISE, m)
    nps = to_scale(latent, NPS_MAP, 0, 10, rng)
    pol = np.where(nps >= 9, "pos", np.where(nps <= 6, "neg", "neu"))
    has = rng.random(m) < OVERALL_COMMENT_P
    comments = np.full(m, "", dtype=object)
    for i in np.flatnonzero(has):
        pool = OVERALL_COMMENTS[pol[i]]
        comments[i] = tr(pool[rng.integers(len(pool))])
    return pd.DataFrame(
        {
            "touchpoint": OVERALL_ID,
            "date": info["date"].to_numpy(),
            "nps": pd.array(nps, dtype="Int64"),
            "csat": pd.array([pd.NA] * m, dtype="Int64"),
            "ces": pd.array([pd.NA] * m, dtype="Int64"),
            "comment": comments,
            "segment": info["segment"].to_numpy(),
            "variant": "",
            "_resp": info.index.to_numpy(),
        }
    )


def generate(tr: Callable[[str], str] = str) -> pd.DataFrame:
    """Alle Antworten; ``tr`` übersetzt jeden Textbaustein (Standard: unverändert)."""
    df = touchpoint_rows(rng_for("touchpoints"), rng_for("ab_test"))
    add_comments(df, rng_for("comments"), tr)
    df["_resp"] = assign_respondents(df, rng_for("respondents"))
    overall = overall_rows(df, rng_for("overall"), tr)
    df = pd.concat([df.drop(columns=["_day", "_latent"]), overall], ignore_index=True)
    df["comment"] = vary_endings(df["comment"].to_numpy(), rng_for("endings"))
    df["_last"] = df["touchpoint"] == OVERALL_ID
    df = df.sort_values(["_resp", "date", "_last", "touchpoint"], kind="stable")
    df.insert(0, "response_id", [f"R{i + 1:06d}" for i in df["_resp"]])
    return df.drop(columns=["_resp", "_last"]).reset_index(drop=True)


def generate_business(rng: np.random.Generator) -> pd.DataFrame:
    """Monatliche Geschäftskennzahlen je Touchpoint (deterministisch)."""
    months = list(MONTH_WEIGHTS)
    pos = np.arange(len(months), dtype=float)
    span_days = (END - START).days
    mid_t = np.array(
        [
            ((pd.Timestamp(k + "-01") + pd.Timedelta(days=14)) - START).days / span_days
            for k in months
        ]
    )
    rows = []
    for spec in BUSINESS_SERIES:
        if "follow_nps" in spec:
            target = TOUCHPOINTS[spec["touchpoint"]]["nps"]
            lo, hi = target if isinstance(target, tuple) else (target, target)
            nps = lo + (hi - lo) * mid_t
            a, b = spec["follow_nps"]
            base = a + b * nps
        else:
            kx = [months.index(m) for m, _ in spec["knots"]]
            ky = [v for _, v in spec["knots"]]
            base = np.interp(pos, kx, ky)
        value = base * (1.0 + rng.normal(0.0, spec["noise"], len(months)))
        for k, v in zip(months, value, strict=True):
            rows.append((spec["touchpoint"], k, spec["metric"], round(float(v), 2)))
    return pd.DataFrame(rows, columns=["touchpoint", "period", "metric", "value"])


def polarity(row: pd.Series) -> str:
    if pd.notna(row["nps"]):
        v = int(row["nps"])
        return "pos" if v >= 9 else ("neg" if v <= 6 else "neu")
    if pd.notna(row["csat"]):
        v = int(row["csat"])
        return "pos" if v >= 5 else ("neg" if v <= 3 else "neu")
    v = int(row["ces"])
    return "pos" if v >= 6 else ("neg" if v <= 4 else "neu")


def add_comments(
    df: pd.DataFrame, rng: np.random.Generator, tr: Callable[[str], str] = str
) -> None:
    pol = df.apply(polarity, axis=1).to_numpy()
    # Unzufriedene schreiben häufiger einen Kommentar.
    p = np.select(
        [pol == "neg", pol == "pos"], [COMMENT_P["neg"], COMMENT_P["pos"]], COMMENT_P["neu"]
    )
    has = rng.random(len(df)) < p
    comments = np.full(len(df), "", dtype=object)
    for i in np.flatnonzero(has):
        cfg = TOUCHPOINTS[df.at[i, "touchpoint"]]
        kind = pol[i]
        if kind == "neu":
            # Mittlere Bewertungen: mal neutral, mal ein konkreter Kritikpunkt.
            u = rng.random()
            if u < 0.5:
                text = tr(NEUTRAL[rng.integers(len(NEUTRAL))])
            elif u < 0.8:
                text = (
                    tr(NEUTRAL[rng.integers(len(NEUTRAL))])
                    + " "
                    + tr(cfg["neg"][rng.integers(len(cfg["neg"]))])
                )
            else:
                text = tr(cfg["pos"][rng.integers(len(cfg["pos"]))])
        else:
            pool = cfg[kind]
            k = 2 if (len(pool) > 2 and rng.random() < 0.3) else 1
            picks = rng.choice(len(pool), size=k, replace=False)
            text = " ".join(tr(pool[j]) for j in picks)
        comments[i] = text

    # Personenbezogene Daten an passende negative Kommentare anhängen.
    used: set[int] = set()
    for tp, text in PII:
        cand = np.flatnonzero(
            (df["touchpoint"].to_numpy() == tp) & (pol == "neg") & (comments != "")
        )
        cand = np.array([c for c in cand if c not in used])
        j = int(cand[rng.integers(len(cand))])
        used.add(j)
        comments[j] = comments[j] + " " + tr(text)

    # Einige Kommentare mit HTML/Script-Inhalt (nicht vertrauenswürdige Eingabe).
    for tp, kind, text in HTML:
        cand = np.flatnonzero((df["touchpoint"].to_numpy() == tp) & (pol == kind))
        cand = np.array([c for c in cand if c not in used])
        j = int(cand[rng.integers(len(cand))])
        used.add(j)
        comments[j] = tr(text)

    df["comment"] = comments


# Wie ein Satz endet: Kundinnen und Kunden schreiben denselben Baustein nicht Zeichen für
# Zeichen gleich. Ohne das stünde derselbe Satz an einem Touchpoint in bis zu 43 % der
# Kommentare, was die Datenprüfung zu Recht für einen Test oder Bot hält.
ENDINGS = (".", "!", "", "!!", "…")


def vary_endings(comments: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Die Kommentare, deren Satzende (ein Punkt) zufällig eines aus ``ENDINGS`` ist."""
    comments = comments.copy()
    for i in np.flatnonzero([text.endswith(".") for text in comments]):
        comments[i] = comments[i][:-1] + ENDINGS[rng.integers(len(ENDINGS))]
    return comments


def phrases() -> list[str]:
    """Alle deutschen Textbausteine der Kommentare."""
    texts = [t for pool in OVERALL_COMMENTS.values() for t in pool]
    for cfg in TOUCHPOINTS.values():
        texts += cfg["pos"] + cfg["neg"]
    texts += NEUTRAL + [t for _, t in PII] + [t for _, _, t in HTML]
    return texts


def translator(language: str) -> Callable[[str], str]:
    """Übersetzt einen Textbaustein in ``language`` (``de``: unverändert)."""
    if language == "de":
        return str
    missing = [t for t in phrases() if t not in ENGLISH]
    if missing:
        raise SystemExit(f"Keine englische Übersetzung für: {missing}")
    return ENGLISH.__getitem__


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default="de",
        help="Sprache der Kommentare (Standard: de; en = examples/en)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="Zieldatei Feedback (Standard: data/feedback.csv des Beispielprojekts der Sprache)",
    )
    parser.add_argument(
        "--business-out",
        type=Path,
        help="Zieldatei Geschäftskennzahlen (Standard: data/business.csv des Beispielprojekts)",
    )
    args = parser.parse_args()
    project = example_project(args.language)
    rows, respondents, figures = write_example_data(
        project, args.language, args.out, args.business_out
    )
    print(f"{rows} Zeilen, {respondents} Befragte, {figures} Geschäftskennzahlen -> {project}")


def write_example_data(
    project: Path, language: str, out: Path | None = None, business_out: Path | None = None
) -> tuple[int, int, int]:
    """Write the example's feedback and business figures into `project` (or the given files)."""
    out = out or project / "data" / "feedback.csv"
    business_out = business_out or project / "data" / "business.csv"
    check_content_ids(list(TOUCHPOINTS), project)
    assert set(DRIVER_WEIGHTS) == set(TOUCHPOINTS), "DRIVER_WEIGHTS braucht jeden Touchpoint"
    df = generate(translator(language))
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")

    biz = generate_business(rng_for("business"))
    business_out.parent.mkdir(parents=True, exist_ok=True)
    biz.to_csv(
        business_out, index=False, encoding="utf-8", lineterminator="\n", float_format="%.2f"
    )
    return len(df), df["response_id"].nunique(), len(biz)


if __name__ == "__main__":
    main()
