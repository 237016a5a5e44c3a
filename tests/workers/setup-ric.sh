#!/usr/bin/env bash
# Installs AWS's Node.js runtime interface client (npm aws-lambda-ric) for
# tests/workers/ric_test.cc, which skips when it is not there.
# Usage: tests/workers/setup-ric.sh [DIR]   (default: build/ric; the test reads $TERN_RIC_DIR,
# else <build dir>/ric). The package compiles curl and aws-lambda-cpp from bundled sources:
# it needs autoconf, automake, libtool, make, g++ and cmake (scripts/install-deps.sh), and a few
# minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-build/ric}
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name": "tern-ric-test", "private": true}' > package.json
npm install --no-audit --no-fund --loglevel=error aws-lambda-ric@3.3.0
echo "setup-ric: aws-lambda-ric installed in $(pwd)/node_modules/aws-lambda-ric"
