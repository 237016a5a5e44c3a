#!/usr/bin/env bash
# Builds tern (warnings are errors) and runs every test with ctest. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
scripts/build.sh
ctest --test-dir "$build_dir" --output-on-failure -j "${JOBS:-$(nproc)}" "$@"
