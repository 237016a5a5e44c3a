#!/usr/bin/env bash
# Configures (once) and builds tern into ./build with Ninja (ccache when present).
# Usage: scripts/build.sh [extra cmake -D options...]   Environment: BUILD_DIR (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
if [ ! -f "$build_dir/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build "$build_dir" -j "$jobs"
