#!/usr/bin/env bash
# Configures and builds stirlb into build/ (executable: build/stirlb).
# CUDA is built when nvcc is found at /usr/local/cuda. Under CI (CI=true),
# host and device warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTIRLB_WERROR="${STIRLB_WERROR:-$werror}" >/dev/null
cmake --build build -j "$(nproc)"
