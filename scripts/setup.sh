#!/usr/bin/env bash
# Create or update the project's virtual environment (.venv) with the pinned set.
# Idempotent: re-runs only when pyproject.toml changed since the last successful set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${KNER_PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV=${KNER_VENV:-.venv}
STAMP="$VENV/.kner-setup-$(sha256sum pyproject.toml | cut -c1-16)"
if [ -f "$STAMP" ]; then
  exit 0
fi
echo "[setup] creating $VENV with $($PY --version) (first run: a few minutes)" >&2
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# torch first, pinned to the CPU build that lies on this machine's disk: an unpinned
# torch would pull several GB of CUDA wheels.
"$VENV/bin/python" -m pip install --quiet "torch==2.13.0"
"$VENV/bin/python" -m pip install --quiet -e ".[trf,dev]"
rm -f "$VENV"/.kner-setup-*
touch "$STAMP"
echo "[setup] done" >&2
