#!/usr/bin/env bash
# Installs exactly what tern needs to build, test and benchmark on Debian 12 (bookworm).
# Idempotent: packages already present are left alone; safe to run on every CI run.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  # libraries (see docs/dependencies.md)
  libboost1.81-dev libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev sqlite3
  prometheus-cpp-dev libcli11-dev libssl-dev libmimalloc-dev
  # tests and benchmarks (nodejs: the machine's own build already carries npm)
  libgtest-dev libgmock-dev libbenchmark-dev python3 nodejs awscli
  # Lambda CreateFunction unpacks ZipFile uploads; tests build zips
  zip unzip
  # npm aws-lambda-ric (tests/workers/setup-ric.sh) builds curl and aws-lambda-cpp from source
  autoconf automake libtool
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: need root to install: ${missing[*]}" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
