#!/usr/bin/env bash
# The main job: set up, then extract normalised entities from press releases.
#   bash run.sh [INPUT …]      .txt files, spec JSONL or folders (default: samples/press-release.txt)
# Prints a table (entity, label, normalised value) and writes output/entities.{jsonl,csv,html}.
# Uses the best pipeline trained in training/ or installed; with none, the rule-based
# pipeline (and says which command trains a better one).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
. .venv/bin/activate
if [ "$#" -eq 0 ]; then
  set -- samples/press-release.txt
fi
kner extract "$@" --output-dir output
