#!/usr/bin/env bash
# JSONata benchmark, tern vs the npm package jsonata (the reference implementation), on the same
# expressions and data (bench/jsonata/cases.json) in one run.
#
# Usage: bench/run_jsonata_bench.sh [CASE_NAME ...]   (default: every case in bench/jsonata/cases.json)
# Environment:
#   TERN_JSONATA_BENCH   tern's benchmark binary (default: build/tern_jsonata_bench)
#   BENCH_SECONDS        minimum timed seconds per case and engine (default: 1)
#   BENCH_OUT            directory to keep the raw JSON lines in (tern.jsonl, peer.jsonl); default: a temp dir
#   TERN_SHARED_DIR      directory holding jsonata-suite/ (default: the checkout's ../shared)
#
# Runs tern first, then jsonata-js on the Node 22 of bench/peer/setup.sh (never both at once),
# then prints a table: microseconds per evaluation for each engine, the speed-up, and whether
# the two results are equal (deep equality, numbers as numbers, object key order ignored).
# Exit status: 0 ok, 1 a benchmark or the peer setup failed or the results differ,
# 2 tern's binary is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tern_bench="${TERN_JSONATA_BENCH:-$root/build/tern_jsonata_bench}"
seconds="${BENCH_SECONDS:-1}"

if [ ! -x "$tern_bench" ]; then
  {
    echo "run_jsonata_bench.sh: tern's benchmark binary is missing: $tern_bench"
    echo "Build it first:  scripts/build.sh   (or: cmake --build build --target tern_jsonata_bench)"
    echo "or point TERN_JSONATA_BENCH at an existing binary."
  } >&2
  exit 2
fi

# The peer's Node 22 and jsonata (installs bench/peer/node_modules on first use).
if ! peer_node="$("$root/bench/peer/setup.sh")"; then
  echo "run_jsonata_bench.sh: bench/peer/setup.sh failed (see above)" >&2
  exit 1
fi
if [ ! -f "$root/bench/peer/node_modules/jsonata/package.json" ]; then
  echo "run_jsonata_bench.sh: bench/peer/node_modules/jsonata is missing; run: PEER_FORCE_INSTALL=1 bench/peer/setup.sh" >&2
  exit 1
fi

if [ -n "${BENCH_OUT:-}" ]; then
  out="$BENCH_OUT"
  mkdir -p "$out"
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/tern-jsonata-bench.XXXXXX")"
fi

rc=0
echo "== tern: $tern_bench (>= ${seconds}s per case)" >&2
"$tern_bench" --seconds "$seconds" "$@" >"$out/tern.jsonl" || {
  echo "run_jsonata_bench.sh: $tern_bench failed (exit $?); see $out/tern.jsonl" >&2
  rc=1
}

echo "== jsonata-js: $peer_node bench/peer/jsonata.mjs" >&2
"$peer_node" "$root/bench/peer/jsonata.mjs" --seconds "$seconds" "$@" >"$out/peer.jsonl" || {
  echo "run_jsonata_bench.sh: bench/peer/jsonata.mjs failed (exit $?); see $out/peer.jsonl" >&2
  rc=1
}

cpu_model="$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n1)"
[ -n "$cpu_model" ] || cpu_model="$(uname -m)"

table_rc=0
TERN_JSONL="$out/tern.jsonl" PEER_JSONL="$out/peer.jsonl" \
  TERN_BENCH_PATH="$tern_bench" MACHINE_NPROC="$(nproc)" MACHINE_CPU="$cpu_model" MACHINE_LOAD="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)" \
  "$peer_node" --input-type=module -e '
import { readFileSync } from "node:fs";
const env = process.env;
const read = (f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l));
const tern = read(env.TERN_JSONL), peer = read(env.PEER_JSONL);
const byName = (rows) => new Map(rows.map((r) => [r.case, r]));
const t = byName(tern), p = byName(peer);
const names = [...new Set([...tern, ...peer].map((r) => r.case))];

// Deep equality as the JSONata test suite defines it: numbers as numbers, objects by keys
// (order ignored), arrays by position. "approx" when the only differences are floating-point
// numbers within a relative 1e-12.
function compare(a, b) {
  let approx = false;
  const eq = (x, y) => {
    if (typeof x === "number" && typeof y === "number") {
      if (x === y) return true;
      if (Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y))) { approx = true; return true; }
      return false;
    }
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return x === y;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) return x.length === y.length && x.every((v, i) => eq(v, y[i]));
    const kx = Object.keys(x), ky = Object.keys(y);
    return kx.length === ky.length && kx.every((k) => Object.hasOwn(y, k) && eq(x[k], y[k]));
  };
  return eq(a, b) ? (approx ? "approx" : "yes") : "NO";
}
const same = (a, b) => {
  if (!a || !b || a.error || b.error) return "-";
  if (a.undefined || b.undefined) return a.undefined && b.undefined ? "yes" : "NO";
  return compare(a.result, b.result);
};

const num = (x, d) => (typeof x === "number" && Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) : "-");
const us = (x) => (typeof x !== "number" ? "-" : x >= 1000 ? num(x, 0) : x >= 10 ? num(x, 1) : num(x, 2));
const lat = (r) => (r && !r.error ? `${us(r.p50_us)} / ${us(r.p99_us)}` : "-");
const ratio = (a, b) => (a && b && a.us_per_eval > 0 && b.us_per_eval > 0 ? `${num(b.us_per_eval / a.us_per_eval, 1)}x` : "-");

const header = ["case", "tern us/eval", "jsonata-js us/eval", "speed-up", "equal", "tern p50/p99 us", "js p50/p99 us", "evals tern/js"];
const rows = names.map((n) => {
  const a = t.get(n), b = p.get(n);
  return [n, a?.error ? "error" : us(a?.us_per_eval), b?.error ? "error" : us(b?.us_per_eval), ratio(a, b), same(a, b), lat(a), lat(b), `${a?.evals ?? "-"} / ${b?.evals ?? "-"}`];
});
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
console.log();
console.log(fmt(header));
console.log(w.map((x) => "-".repeat(x)).join("  "));
for (const r of rows) console.log(fmt(r));
console.log();
const pv = peer[0] ?? {};
console.log(`jsonata-js: jsonata ${pv.version ?? "?"} on Node ${pv.node ?? process.version}; tern: ${env.TERN_BENCH_PATH}`);
console.log(`machine: ${env.MACHINE_NPROC} CPUs (nproc), ${env.MACHINE_CPU}; load average at end: ${env.MACHINE_LOAD}`);
console.log("each expression compiled once, then evaluated one at a time on the same parsed input; speed-up = jsonata-js us/eval / tern us/eval");
let bad = false;
for (const r of [...tern, ...peer]) if (r.error || r.failed_evals) { bad = true; console.log(`ERROR: ${r.engine} ${r.case}: ${r.error ?? `${r.failed_evals} evaluations failed`}`); }
const differ = names.filter((n) => same(t.get(n), p.get(n)) === "NO");
if (differ.length) { bad = true; console.log(`WARNING: results differ for: ${differ.join(", ")}`); }
const missing = names.filter((n) => !t.get(n) || !p.get(n));
if (missing.length) { bad = true; console.log(`WARNING: only one engine ran: ${missing.join(", ")}`); }
console.log(`raw JSON lines: ${env.TERN_JSONL}, ${env.PEER_JSONL}`);
process.exit(bad ? 1 : 0);
' || table_rc=$?

[ "$rc" -ne 0 ] && exit "$rc"
exit "$table_rc"
