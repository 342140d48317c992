#!/usr/bin/env bash
# The whole test suite as CI runs it: system packages, real servers, lint, pytest.
# Called by `make test` (after the venv exists) and so by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
started=$(date +%s)

bash scripts/system-deps.sh

echo "== lint"
$BIN/ruff check src tests scripts
$BIN/ruff format --check src tests scripts
$BIN/mypy

echo "== services"
SERVICES_STARTED=0
if [ "${SAGO_SKIP_SERVICES:-0}" != "1" ]; then
  $BIN/python scripts/services.py up
  SERVICES_STARTED=1
  eval "$($BIN/python scripts/services.py env)"
fi
cleanup() {
  if [ "$SERVICES_STARTED" = "1" ]; then $BIN/python scripts/services.py down || true; fi
}
trap cleanup EXIT

echo "== model weights (cached in ~/.cache/sago/models)"
$BIN/sago models fetch smollm2

echo "== pytest"
# Three workers on two cores: most of the suite waits on servers, subprocesses and
# sockets, so a third worker fills the idle time (the serial run took about twice as
# long). Every test isolates its own database, schema, key prefix and topics.
$BIN/pytest -n "${SAGO_TEST_WORKERS:-3}" "$@"
echo "== test run took $(( $(date +%s) - started )) s"
