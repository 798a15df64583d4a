#!/usr/bin/env bash
# The main job: set up, then rebuild-check, validate and describe the corpus.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
. .venv/bin/activate
kner corpus build --check
kner corpus validate
kner corpus stats
