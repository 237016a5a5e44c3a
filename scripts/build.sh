#!/usr/bin/env bash
# Configures (once) and builds tern into ./build with Ninja (ccache when present). Warnings are
# errors: the supported platform is Debian 12's GCC, and CI builds the same way.
# Usage: scripts/build.sh [extra cmake -D options...]   Environment: BUILD_DIR (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
if [ ! -f "$build_dir/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTERN_WERROR=ON "$@"
fi
cmake --build "$build_dir" -j "$jobs"
