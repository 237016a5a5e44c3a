#!/usr/bin/env bash
# Builds tern with warnings as errors and runs every test (ctest). This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
scripts/build.sh -DTERN_WERROR=ON
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-$(nproc)}" "$@"
