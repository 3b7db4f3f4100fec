#!/usr/bin/env bash
# Run the linters and the whole test suite against the installed .venv: once on SQLite, then once more on a
# real PostgreSQL + PostGIS server that scripts/postgres.sh starts on loopback (skipped, and said, without one).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/mypy
echo "== tests on SQLite" >&2
.venv/bin/pytest "$@"
if PG_URL="$(bash scripts/postgres.sh start)"; then
  trap 'bash scripts/postgres.sh stop' EXIT
  echo "== tests on PostgreSQL ($PG_URL)" >&2
  ATHAR_TEST_DATABASE_URL="$PG_URL" .venv/bin/pytest "$@"
else
  echo "test: no PostgreSQL server could be started; the suite ran on SQLite only" >&2
fi
