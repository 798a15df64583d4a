#!/usr/bin/env bash
# The test suite: set up, then run pytest (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
. .venv/bin/activate
python -m pytest "$@"
