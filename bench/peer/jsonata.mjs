#!/usr/bin/env node
// Peer side of tern's JSONata benchmark: evaluates the cases in ../jsonata/cases.json with the
// npm package jsonata (the reference implementation, pinned in package.json) and prints one JSON
// line per case in the same format as build/tern_jsonata_bench, plus the result value so that
// bench/run_jsonata_bench.sh can check that both engines agree.
//
// Usage (any Node >= 20; the runner uses bench/peer/setup.sh's Node 22):
//   node jsonata.mjs [--seconds S] [--warmup-seconds S] [--cases FILE] [CASE_NAME ...]
//   --seconds S          timed phase per case lasts at least S seconds  [JSONATA_BENCH_SECONDS, 1]
//   --warmup-seconds S   untimed evaluations before that                 [0.5]
//   --cases FILE         default: ../jsonata/cases.json
// A case's input is `data` (inline), `data_file` (next to cases.json) or `dataset` (NAME of
// $TERN_SHARED_DIR/jsonata-suite/datasets/NAME.json; default: the checkout's ../shared).
//
// Each expression is compiled once (jsonata(expr)) outside the timed loop; each evaluation is
// awaited before the next starts (evaluate() returns a Promise in jsonata 2.x). Latency is wall
// time around one `await expr.evaluate(input)`; p50/p99 are nearest-rank; us_per_eval is the
// timed phase's wall time / evaluations (one clock read per evaluation included, as in tern's).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'node_modules', 'jsonata', 'package.json'), 'utf8'));

let seconds = Number(process.env.JSONATA_BENCH_SECONDS ?? 1);
let warmupSeconds = 0.5;
let casesFile = resolve(here, '..', 'jsonata', 'cases.json');
const only = [];
{
  const argv = process.argv.slice(2);
  const num = (i, name) => {
    const v = Number(argv[i]);
    if (argv[i] === undefined || !Number.isFinite(v) || v < 0) {
      console.error(`jsonata.mjs: ${name} needs a non-negative number`);
      process.exit(2);
    }
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seconds') seconds = num(++i, a);
    else if (a === '--warmup-seconds') warmupSeconds = num(++i, a);
    else if (a === '--cases') casesFile = resolve(argv[++i] ?? '');
    else if (a.startsWith('-')) {
      console.error('usage: jsonata.mjs [--seconds S] [--warmup-seconds S] [--cases FILE] [CASE_NAME ...]');
      process.exit(2);
    } else only.push(a);
  }
}
const sharedDir = process.env.TERN_SHARED_DIR || resolve(here, '..', '..', '..', 'shared');
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));

const nowNs = () => process.hrtime.bigint();
const percentile = (sorted, p) => {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
};
const round = (x, d) => Number(x.toFixed(d));

async function benchOne(c) {
  let input; // undefined = no input
  if ('data' in c) input = c.data;
  else if ('data_file' in c) input = readJson(join(dirname(casesFile), c.data_file));
  else if (typeof c.dataset === 'string')
    input = readJson(join(sharedDir, 'jsonata-suite', 'datasets', `${c.dataset}.json`));

  const line = { engine: 'jsonata-js', version: pkg.version, node: process.version, case: c.name };
  let expr;
  try {
    expr = jsonata(c.expr);
  } catch (err) {
    return { ...line, error: `compile: ${err.code ?? ''} ${err.message}` };
  }
  let result;
  try {
    result = await expr.evaluate(input);
  } catch (err) {
    return { ...line, error: `evaluate: ${err.code ?? ''} ${err.message}` };
  }

  const warm = nowNs();
  do await expr.evaluate(input);
  while (Number(nowNs() - warm) / 1e9 < warmupSeconds);

  const lat = [];
  const start = nowNs();
  let t0 = start;
  for (;;) {
    await expr.evaluate(input);
    const t1 = nowNs();
    lat.push(Number(t1 - t0) / 1e3);
    t0 = t1;
    if (lat.length >= 5 && Number(t1 - start) / 1e9 >= seconds) break;
  }
  const totalUs = Number(nowNs() - start) / 1e3;
  lat.sort((a, b) => a - b);
  Object.assign(line, {
    evals: lat.length,
    us_per_eval: round(totalUs / lat.length, 4),
    p50_us: round(percentile(lat, 50), 4),
    p99_us: round(percentile(lat, 99), 4),
    wall_s: round(totalUs / 1e6, 3),
  });
  if (result === undefined) line.undefined = true;
  else line.result = JSON.parse(JSON.stringify(result)); // plain JSON (drops sequence flags)
  return line;
}

const cases = readJson(casesFile);
for (const n of only) {
  if (!cases.some((c) => c.name === n)) {
    console.error(`jsonata.mjs: no case named ${n} in ${casesFile}`);
    process.exit(2);
  }
}
let failed = false;
for (const c of cases) {
  if (only.length && !only.includes(c.name)) continue;
  const line = await benchOne(c);
  if (line.error) failed = true;
  console.log(JSON.stringify(line));
}
process.exit(failed ? 1 : 0);
