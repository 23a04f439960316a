#!/usr/bin/env bash
# Install everything the tests need (Python packages; Debian's chromium, poppler-utils, a Java
# runtime for the Spark test and PostgreSQL for the database test; axe-core from npm) and run
# all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# need COMMAND PACKAGE: install Debian's PACKAGE when COMMAND is missing.
updated=""
need() {
  command -v "$1" >/dev/null 2>&1 && return
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing Debian's $2 (for $1)..."
  [ -n "$updated" ] || { $sudo_cmd apt-get update -qq; updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$2" >/dev/null
}
need chromium chromium        # the browser tests and `touchsite pdf`
need pdftotext poppler-utils  # reads the printed PDF back
need java default-jre-headless  # Spark local, for tests/test_engines.py
need pg_ctlcluster postgresql   # a PostgreSQL server of the tests' own, tests/test_engines.py

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
# the example clients' survey data is generated, not committed
python3 -m touchsite.example_data >/dev/null
python3 -m touchsite.example_data --language en >/dev/null
# axe-core for the accessibility tests, from the npm registry (package-lock.json pins it)
npm ci --no-audit --no-fund --loglevel=error
ruff check .
ruff format --check .
python3 -m pytest "$@"
