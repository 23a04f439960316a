#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's Chromium, axe-core from npm)
# and run all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
# axe-core for the accessibility tests, from the npm registry (package-lock.json pins it)
npm ci --no-audit --no-fund --loglevel=error
ruff check .
ruff format --check .
python3 -m pytest "$@"
