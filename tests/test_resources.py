"""The vendored chart library leads nowhere off the site."""

from __future__ import annotations

import re

from touchsite.resources import PLOTLY_BUNDLE, plotly_bundle


def test_the_vendored_plotly_bundle_names_no_host_of_plotly():
    bundle = PLOTLY_BUNDLE.read_bytes()
    assert bundle.startswith(b"/**\n* plotly.js (basic - minified)")
    assert re.findall(rb"[\w.-]*plot\.?ly\.com[\w/.-]*|[\w.-]*plot\.ly/[\w/.-]*", bundle) == []
    assert re.findall(rb"(?:href|src)\s*=\s*[\"']https?://", bundle) == []


def test_the_site_ships_the_vendored_bundle_as_it_is():
    assert plotly_bundle() == PLOTLY_BUNDLE.read_bytes()
