"""The example client: what its data was made to hold, the report must find.

touchsite/example_data.py plants two weak touchpoints with recurring complaints, a steady
rise of the online checkout, an A/B test on the delivery notice, and an overall NPS driven
mostly by the consultation, the delivery appointment and the delivery itself. Everything
else is noise, which must not be flagged.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from touchsite.pipeline import check
from touchsite.render.site import render_site

WEAK = {"liefertermin-abstimmung", "reklamation"}
STRONG_DRIVERS = {"beratung-filiale", "liefertermin-abstimmung", "lieferung-aufbau"}


@pytest.fixture(scope="module")
def report():
    return check(REPO)


def test_the_weak_touchpoints_are_the_top_pain_points(report):
    assert {r.touchpoint.id for r in report.pain_points[:2]} == WEAK


def test_pain_points_carry_their_complaints(report):
    # the waiting line stands in the same comments as the appointment ("Ewig in der
    # Warteschleife, obwohl ich nur einen Termin bestätigen wollte"): a term of its theme
    themes = {
        term
        for t in report.touchpoint("liefertermin-abstimmung").themes.negative
        for term in (t.term, *t.variants)
    }
    assert "Warteschleife" in themes
    # a theme merges the terms of one sentence ("Die Kreditkartenzahlung ist zweimal
    # abgebrochen"): the card payment is one of them
    checkout = {
        term
        for t in report.touchpoint("onlineshop-checkout").themes.negative
        for term in (t.term, *t.variants)
    }
    assert "Kreditkartenzahlung" in checkout and "Gutscheincode" in checkout


def test_the_planted_trend_is_flagged_and_noise_is_not(report):
    flagged = {(c.touchpoint, c.kpi, c.kind) for c in report.changes}
    assert ("onlineshop-checkout", "nps", "trend") in flagged
    assert {touchpoint for touchpoint, _, _ in flagged} == {"onlineshop-checkout"}
    rising = [c for c in report.changes if c.kind == "trend"]
    assert all(c.rising for c in rising)


def test_the_strong_drivers_lead_the_key_driver_analysis(report):
    drivers = report.drivers
    assert drivers is not None and drivers.respondents > 1000
    assert {d.touchpoint for d in drivers.drivers[:3]} == STRONG_DRIVERS
    assert sum(d.share for d in drivers.drivers) == pytest.approx(100, abs=0.5)
    assert drivers.agreement < 5  # Shapley and relative weights agree within 5 points


def test_the_ab_test_is_judged_per_kpi(report):
    tests = {e.kpi: e for e in report.touchpoint("lieferavis").experiments}
    assert [name for name, _ in tests["nps"].variants] == ["alt", "neu"]
    assert tests["ces"].real and tests["ces"].difference.difference > 0


def test_small_samples_are_withheld_or_marked(report):
    tiny = report.touchpoint("freunde-werben").kpis["nps"]
    assert tiny.n < 10 and tiny.value is None and tiny.status == "withheld"
    small = report.touchpoint("selbstabholung-lager").kpis["nps"]
    assert 10 <= small.n < 30 and small.status == "low-n"
    assert "freunde-werben" not in {r.touchpoint.id for r in report.pain_points}


def test_the_relationship_nps_is_kept_apart_from_the_touchpoints(report):
    assert report.relationship is not None and report.relationship.n > 1000
    touchpoint_answers = sum(r.kpis["nps"].n for r in report.touchpoints)
    assert report.overall["nps"].n == touchpoint_answers


def test_the_pilot_without_answers_is_a_blind_spot_of_the_data(report):
    assert report.coverage.unmeasured_touchpoints == ["online-liefertermin-wahl"]
    pilot = report.touchpoint("online-liefertermin-wahl")
    assert pilot.responses == 0 and pilot.evidence.level == "none"
    assert ("inspiration", "telefon") in report.coverage.empty


def test_the_target_state_changes_the_delivery_steps(report):
    as_is = next(j for j in report.journeys if j.journey.id == "erstkauf")
    [to_be] = as_is.to_be
    changes = {s.step.id: s.change for s in to_be.steps}
    assert changes["liefertermin-vereinbaren"] == "changed"
    assert changes["ware-im-lager"] == "new"
    assert changes["ideen-sammeln"] == "same"
    assert [s.id for s in to_be.removed] == ["auf-ware-warten"]
    assert {rec.id for rec in to_be.recommendations} >= {"online-lieferterminwahl"}
    lines = [line for _lane, line in as_is.lanes if line]
    assert lines == ["interaction", "visibility", "internal"]
    # the planted weak touchpoint shows as a measured pain point on its step
    call = as_is.step("liefertermin-vereinbaren")
    assert [r.touchpoint.id for r in call.measured_pain] == ["liefertermin-abstimmung"]
    waiting = next(i for i in call.pain_points if i.insight.quotes == ("Warteschleife",))
    assert len(waiting.quotes) > 30 and waiting.evidence.level == "strong"


def test_the_examples_data_has_nothing_for_the_data_quality_page(report):
    """A realistic client's export: no row left out, no scale contradicted, no comment
    written word for word by a tenth of a touchpoint's customers (as a test or bot would)."""
    assert report.feedback.quality == ()


@pytest.mark.parametrize("folder", ["", "examples/en"])
def test_the_examples_survey_page_leads_to_the_methods_and_keeps_to_them(folder):
    """The example's own page "Befragung & Vorgehen" (pages/methode.html) stood beside the
    built-in "Methoden" without a word between them, and told the reader a rule of its own:
    read a difference only where two intervals do not overlap, where the report tests it (and
    flags it "significantly below the others"). Now it leads to the built-in page, in both
    languages, and says what the report does."""
    page = render_site(check(REPO / folder), workers=1)["pages/methode.html"].decode()
    body = page[page.index('<div class="prose">') : page.index("</main>")]  # not the menu
    assert 'href="../methods.html"' in body
    assert not re.search(r"überschneiden|do not overlap substantially", body)
