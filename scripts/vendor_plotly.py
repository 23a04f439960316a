"""Vendor plotly.js's basic bundle from its npm package, without the addresses of plotly's hosts.

    npm pack plotly.js-basic-dist-min@VERSION && tar xzf plotly.js-basic-dist-min-VERSION.tgz
    python3 scripts/vendor_plotly.py package/plotly-basic.min.js

The bundle names plotly's hosts in three places the site never uses: the logo's link, "send to
the cloud" and the map topologies (no logo, no mode bar, no maps here). No path in a built site
may lead off it, so they are taken out of the vendored copy; the error texts' links to plotly's
documentation lose their host with them. See touchsite/vendor/README.md.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

OFF_SITE = (
    b"https://cloud.plotly.com/newchart",
    b"https://cdn.plot.ly/un/",
    b"https://plotly.com/",
)
TARGET = Path(__file__).resolve().parent.parent / "touchsite" / "vendor" / "plotly-basic.min.js"


def without_hosts(bundle: bytes) -> bytes:
    for url in OFF_SITE:
        bundle = bundle.replace(url, b"")
    return bundle


def main(source: str) -> None:
    bundle = Path(source).read_bytes()
    print(f"npm's file:   sha256 {hashlib.sha256(bundle).hexdigest()}")
    bundle = without_hosts(bundle)
    TARGET.write_bytes(bundle)
    print(f"vendored:     sha256 {hashlib.sha256(bundle).hexdigest()} -> {TARGET}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
