#!/usr/bin/env bash
# Installs the AWS SDK for JavaScript v3 clients the server tests drive (@aws-sdk/client-sfn,
# @aws-sdk/client-lambda) into a git-ignored folder: $TERN_AWS_SDK_DIR, default <repo>/.cache/aws-sdk.
# server_test's JavaScriptSdkLifeCycle skips (saying so) until this has run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
dir=${TERN_AWS_SDK_DIR:-$repo/.cache/aws-sdk}
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund @aws-sdk/client-sfn@3 @aws-sdk/client-lambda@3
echo "installed into $dir"
