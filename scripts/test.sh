#!/usr/bin/env bash
# Runs the whole test suite of an existing build/ (see scripts/build.sh):
# kernel and unit tests, the quick validation cases, and command-line tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900
