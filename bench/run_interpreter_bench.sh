#!/usr/bin/env bash
# Interpreter benchmark, tern vs aws-local-stepfunctions, on the same workloads in one run.
#
# Usage: bench/run_interpreter_bench.sh [WORKLOAD.asl.json ...]   (default: bench/workloads/*.asl.json)
# Environment:
#   TERN_BENCH      tern's benchmark binary (default: build/tern_interpreter_bench)
#   BENCH_SECONDS   minimum timed seconds per workload and engine (default: 3)
#   BENCH_OUT       directory to keep the raw JSON lines in (tern.jsonl, peer.jsonl); default: a temp dir
#   BENCH_INPUT     a JSON file both engines start every execution with (default: input {})
#   PEER_*          passed through to bench/peer/run.mjs (see its header), e.g. PEER_MAX_SECONDS
#
# Runs each workload in a fresh process of tern, then of the peer (never both at once), each
# with the same input ({} or BENCH_INPUT) and sequential executions, then prints a side-by-side
# table. Exit status: 0 ok, 1 a benchmark or the peer setup failed, 2 tern's binary is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tern_bench="${TERN_BENCH:-$root/build/tern_interpreter_bench}"
seconds="${BENCH_SECONDS:-3}"
input_args=()
if [ -n "${BENCH_INPUT:-}" ]; then
  [ -f "$BENCH_INPUT" ] || { echo "run_interpreter_bench.sh: BENCH_INPUT is not a file: $BENCH_INPUT" >&2; exit 1; }
  input_args=(--input-file "$(cd "$(dirname "$BENCH_INPUT")" && pwd)/$(basename "$BENCH_INPUT")")
fi

if [ ! -x "$tern_bench" ]; then
  {
    echo "run_interpreter_bench.sh: tern's benchmark binary is missing: $tern_bench"
    echo "Build it first:  scripts/build.sh   (then: cmake --build build --target tern_interpreter_bench)"
    echo "or point TERN_BENCH at an existing binary."
  } >&2
  exit 2
fi

workloads=()
if [ $# -gt 0 ]; then
  for w in "$@"; do
    [ -f "$w" ] || { echo "run_interpreter_bench.sh: no such workload file: $w" >&2; exit 1; }
    workloads+=("$(cd "$(dirname "$w")" && pwd)/$(basename "$w")")
  done
else
  for w in "$root"/bench/workloads/*.asl.json; do workloads+=("$w"); done
fi
[ ${#workloads[@]} -gt 0 ] || { echo "run_interpreter_bench.sh: no workloads found" >&2; exit 1; }

# The peer's Node 22 (installs bench/peer/node_modules on first use).
if ! peer_node="$("$root/bench/peer/setup.sh")"; then
  echo "run_interpreter_bench.sh: bench/peer/setup.sh failed (see above)" >&2
  exit 1
fi

if [ -n "${BENCH_OUT:-}" ]; then
  out="$BENCH_OUT"
  mkdir -p "$out"
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/tern-interp-bench.XXXXXX")"
fi

# Each workload runs in a fresh process of each engine: what ran before must not count. (The
# peer ran the Pass chain at half speed after the Map workload had filled Node's heap.)
: >"$out/tern.jsonl"
: >"$out/peer.jsonl"
for w in "${workloads[@]}"; do
  echo "== $(basename "$w"): tern ($tern_bench), then aws-local-stepfunctions, >= ${seconds}s each" >&2
  if ! "$tern_bench" --seconds "$seconds" "${input_args[@]}" "$w" >>"$out/tern.jsonl"; then
    echo "run_interpreter_bench.sh: $tern_bench failed on $w" >&2
    exit 1
  fi
  if ! "$peer_node" "$root/bench/peer/run.mjs" --min-seconds "$seconds" "${input_args[@]}" "$w" >>"$out/peer.jsonl"; then
    echo "run_interpreter_bench.sh: bench/peer/run.mjs failed on $w" >&2
    exit 1
  fi
done

cpu_model="$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n1)"
[ -n "$cpu_model" ] || cpu_model="$(uname -m)"

TERN_JSONL="$out/tern.jsonl" PEER_JSONL="$out/peer.jsonl" \
  TERN_BENCH_PATH="$tern_bench" MACHINE_NPROC="$(nproc)" MACHINE_CPU="$cpu_model" MACHINE_LOAD="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)" \
  "$peer_node" --input-type=module -e '
import { readFileSync } from "node:fs";
const env = process.env;
const read = (f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l));
const tern = read(env.TERN_JSONL), peer = read(env.PEER_JSONL);
const byName = (rows) => new Map(rows.map((r) => [r.workload, r]));
const t = byName(tern), p = byName(peer);
const names = [...new Set([...tern, ...peer].map((r) => r.workload))];

const num = (x, d = 0) => (typeof x === "number" && Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) : "-");
const ms = (x) => (typeof x !== "number" ? "-" : x >= 100 ? num(x, 1) : x >= 1 ? num(x, 2) : num(x, 3));
const lat = (r) => (r ? `${ms(r.p50_ms)} / ${ms(r.p99_ms)}` : "-");
const ratio = (a, b) => (a && b && b.transitions_per_sec > 0 ? `${num(a.transitions_per_sec / b.transitions_per_sec, 1)}x` : "-");

const header = ["workload", "transitions/exec", "tern trans/s", "peer trans/s", "tern/peer", "tern p50/p99 ms", "peer p50/p99 ms", "execs tern/peer"];
const rows = names.map((n) => {
  const a = t.get(n), b = p.get(n);
  let tpe = a?.transitions_per_execution ?? b?.transitions_per_execution;
  if (a && b && a.transitions_per_execution !== b.transitions_per_execution) tpe = `${a.transitions_per_execution} vs ${b.transitions_per_execution} (!)`;
  return [n, String(tpe ?? "-"), num(a?.transitions_per_sec), num(b?.transitions_per_sec), ratio(a, b), lat(a), lat(b), `${a?.executions ?? "-"} / ${b?.executions ?? "-"}`];
});
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
console.log();
console.log(fmt(header));
console.log(w.map((x) => "-".repeat(x)).join("  "));
for (const r of rows) console.log(fmt(r));
console.log();
const pv = peer[0] ?? {};
console.log(`peer: aws-local-stepfunctions ${pv.version ?? "?"} on Node ${pv.node ?? process.version}; tern: ${env.TERN_BENCH_PATH}`);
console.log(`machine: ${env.MACHINE_NPROC} CPUs (nproc), ${env.MACHINE_CPU}; load average at end: ${env.MACHINE_LOAD}`);
const bytes = (rows) => [...new Set(rows.map((r) => r.input_bytes))].join("/");
console.log(`both engines: input ${env.BENCH_INPUT ? `${env.BENCH_INPUT} (${bytes(tern)} bytes as tern writes it)` : "{}"}, one execution at a time, in memory; transitions = states entered (incl. Map iterations and Parallel branches)`);
const mism = names.filter((n) => t.get(n) && p.get(n) && t.get(n).transitions_per_execution !== p.get(n).transitions_per_execution);
if (mism.length) console.log(`WARNING: engines disagree on transitions per execution for: ${mism.join(", ")}`);
const bad = tern.filter((r) => r.status && r.status !== "SUCCEEDED");
if (bad.length) console.log(`WARNING: tern executions did not succeed for: ${bad.map((r) => `${r.workload} (${r.status})`).join(", ")}`);
console.log(`raw JSON lines: ${env.TERN_JSONL}, ${env.PEER_JSONL}`);
' 
