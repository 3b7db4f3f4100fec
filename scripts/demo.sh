#!/usr/bin/env bash
# Set everything up, then run Athar's main job on the bundled sample reports:
# preserve them, read them, find their claims, reconcile them into incidents and figure series, list what was
# stored, and verify the evidence.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ATHAR_WORKSPACE="${ATHAR_WORKSPACE:-athar-data}"
echo "== athar ingest examples/seeds --manifest examples/seeds.jsonl"
.venv/bin/athar ingest examples/seeds --manifest examples/seeds.jsonl
echo "== athar documents"
.venv/bin/athar documents
echo "== athar figures"
.venv/bin/athar figures
echo "== athar incidents"
.venv/bin/athar incidents
echo "== athar verify"
.venv/bin/athar verify
