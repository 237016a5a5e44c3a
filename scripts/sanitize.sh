#!/usr/bin/env bash
# Builds tern with AddressSanitizer + UndefinedBehaviorSanitizer (into build-asan) and runs the
# tests there. `--unit`: only the unit tests of the in-process modules (what CI runs);
# without it: every test, which needs the whole tree built twice (about 15 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
unit_tests=(common_test asl_parse_test asl_jsonpath_test asl_jsonata_test asl_validate_test
            engine_test storage_test project_test conformance_test)
export BUILD_DIR=build-asan
if [ "${1:-}" = "--unit" ]; then
  if [ ! -f build-asan/build.ninja ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTERN_WERROR=ON \
      -DTERN_SANITIZE=ON -DTERN_BUILD_BENCH=OFF
  fi
  cmake --build build-asan -j "$(nproc)" --target "${unit_tests[@]}"
  regex="^($(IFS='|'; echo "${unit_tests[*]}"))\$"
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -R "$regex"
else
  scripts/build.sh -DTERN_SANITIZE=ON -DTERN_BUILD_BENCH=OFF
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
fi
