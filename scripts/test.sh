#!/usr/bin/env bash
# Create/update .venv with the test extras and run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh "[test]"
exec .venv/bin/python -m pytest -q "$@"
