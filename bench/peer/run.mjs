#!/usr/bin/env node
// Peer side of tern's interpreter benchmark: runs the bench workloads with the
// npm package aws-local-stepfunctions, in memory, and prints one JSON line per
// workload in the same format as build/tern_interpreter_bench.
//
// Usage (with Node 22, see setup.sh):
//   node run.mjs [options] [workload.asl.json ...]
// Default workloads: every *.asl.json in ../workloads.
//
// Options (each also settable by the env variable in brackets):
//   --min-seconds S      timed phase lasts at least S seconds   [PEER_MIN_SECONDS, 3]
//   --max-seconds S      ... and stops after S seconds          [PEER_MAX_SECONDS, 30]
//   --min-executions N   ... and runs at least N executions     [PEER_MIN_EXECUTIONS, 5]
//   --max-executions N   ... and at most N executions           [PEER_MAX_EXECUTIONS, 100000]
//   --warmup-seconds S   untimed warm-up before that            [PEER_WARMUP_SECONDS, 1]
//   --no-verify          skip the untimed check runs that count states entered
//   --input-file F       every execution's input, a JSON file   [PEER_INPUT_FILE, {}]
//
// Every execution is run on its own (awaited before the next one starts), with
// the same input, on one StateMachine object built (and validated) once, outside the
// timed loop. The per-execution latency is wall time from stateMachine.run() to
// the resolution of execution.result.

import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(
  readFileSync(join(here, 'node_modules', 'aws-local-stepfunctions', 'package.json'), 'utf8'),
);

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  console.error(
    `run.mjs: aws-local-stepfunctions ${pkg.version} needs Node >= 22, this is ${process.version}.\n` +
      `Run it with the Node from bench/peer/setup.sh (bench/peer/node_modules/node/bin/node).`,
  );
  process.exit(1);
}

// ---- options ---------------------------------------------------------------
const opts = {
  minSeconds: Number(process.env.PEER_MIN_SECONDS ?? 3),
  maxSeconds: Number(process.env.PEER_MAX_SECONDS ?? 30),
  minExecutions: Number(process.env.PEER_MIN_EXECUTIONS ?? 5),
  maxExecutions: Number(process.env.PEER_MAX_EXECUTIONS ?? 100000),
  warmupSeconds: Number(process.env.PEER_WARMUP_SECONDS ?? 1),
  verify: true,
  inputFile: process.env.PEER_INPUT_FILE ?? '',
};
const files = [];
{
  const argv = process.argv.slice(2);
  const num = (i, name) => {
    const v = Number(argv[i]);
    if (argv[i] === undefined || !Number.isFinite(v) || v < 0) {
      console.error(`run.mjs: ${name} needs a non-negative number`);
      process.exit(2);
    }
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--min-seconds') opts.minSeconds = num(++i, a);
    else if (a === '--max-seconds') opts.maxSeconds = num(++i, a);
    else if (a === '--min-executions') opts.minExecutions = num(++i, a);
    else if (a === '--max-executions') opts.maxExecutions = num(++i, a);
    else if (a === '--warmup-seconds') opts.warmupSeconds = num(++i, a);
    else if (a === '--no-verify') opts.verify = false;
    else if (a === '--input-file') opts.inputFile = argv[++i] ?? '';
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n'));
      process.exit(0);
    } else if (a.startsWith('--')) {
      console.error(`run.mjs: unknown option ${a}`);
      process.exit(2);
    } else files.push(resolve(a));
  }
  if (files.length === 0) {
    const dir = resolve(here, '..', 'workloads');
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.asl.json')) files.push(join(dir, f));
  }
}

let input = {};
if (opts.inputFile) {
  try {
    input = JSON.parse(readFileSync(opts.inputFile, 'utf8'));
  } catch (e) {
    console.error(`run.mjs: --input-file ${opts.inputFile}: ${e.message}`);
    process.exit(2);
  }
}
const inputBytes = JSON.stringify(input).length;

// ---- transitions per execution -----------------------------------------------
// "Transitions" = states entered, including states inside Map iterations and
// Parallel branches (same definition as tern). For the known workloads the count
// is static (read off the definitions, input {}):
const STATIC_TRANSITIONS = {
  // P0..P99
  pass_chain_100: 100,
  // Init + Loop? x10001 (i = 0..10000) + Increment x10000 + Done
  choice_counter_10000: 1 + 10001 + 10000 + 1,
  // Items + Each + 1000 iterations x (A, B, C)
  map_1000x3: 1 + 1 + 1000 * 3,
  // Fan + 10 branches x 10 Pass states
  parallel_10x10: 1 + 10 * 10,
};

// Check 1: run once on a copy of the definition wrapped in Proxies that count
// every lookup of an existing state name in a "States" object. The engine looks a
// state up exactly once each time it enters it (StartAt, then each Next / Choice
// target; nested machines for Map iterations and Parallel branches do the same on
// their own "States"), so this counts states entered without relying on events.
async function countByStateLookups(definition) {
  let entered = 0;
  const wrap = (o, isStates) => {
    if (o === null || typeof o !== 'object') return o;
    return new Proxy(o, {
      get(t, k, r) {
        const v = Reflect.get(t, k, r);
        if (isStates && typeof k === 'string' && Object.hasOwn(t, k)) entered++;
        return wrap(v, k === 'States' && v !== null && typeof v === 'object' && !Array.isArray(v));
      },
    });
  };
  const sm = new StateMachine(wrap(structuredClone(definition), false), {
    validationOptions: { noValidate: true }, // already validated
  });
  await sm.run(input).result;
  return entered;
}

// Check 2: run once, consuming the event log, and count StateEntered events (the
// package forwards the StateEntered events of Map iterations and Parallel
// branches to the root execution's log -- but see README: it drops nested events
// that arrive after the root execution has finished, so this can undercount).
async function countStateEnteredEvents(sm) {
  const execution = sm.run(input);
  let entered = 0;
  const counting = (async () => {
    for await (const ev of execution.eventLogs) if (ev.type === 'StateEntered') entered++;
  })();
  await execution.result;
  await counting;
  return entered;
}

// ---- timing helpers -----------------------------------------------------------
const nowNs = () => process.hrtime.bigint();
const msSince = (t0) => Number(nowNs() - t0) / 1e6;

function percentile(sorted, p) {
  // nearest-rank
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
const round = (x, d) => Number(x.toFixed(d));

async function benchOne(file) {
  const workload = basename(file).replace(/\.asl\.json$/, '').replace(/\.json$/, '');
  const definition = JSON.parse(readFileSync(file, 'utf8'));

  // Validation happens here, once, outside the timed loop (the constructor runs
  // asl-validator; run() never re-validates, and the nested machines the package
  // builds for Map/Parallel are created with noValidate).
  const sm = new StateMachine(definition);

  let transitions = STATIC_TRANSITIONS[workload];
  let counted = null;
  let events = null;
  if (opts.verify || transitions === undefined) {
    counted = await countByStateLookups(definition);
    events = await countStateEnteredEvents(sm);
    if (transitions === undefined) {
      transitions = counted;
    } else if (counted !== transitions) {
      console.error(
        `run.mjs: ${workload}: ${counted} states entered by lookup count vs ${transitions} ` +
          `by static count; using the static count`,
      );
    }
    if (events !== counted) {
      console.error(
        `run.mjs: note: ${workload}: the package's event log showed ${events} StateEntered ` +
          `events for ${counted} states entered (nested events dropped after the root finished)`,
      );
    }
  }

  // Warm-up (untimed).
  {
    const t0 = nowNs();
    let n = 0;
    do {
      await sm.run(input).result;
      n++;
    } while (msSince(t0) < opts.warmupSeconds * 1000 && n < opts.maxExecutions);
  }

  // Timed phase: sequential executions.
  const lat = [];
  const cpu0 = process.cpuUsage();
  const t0 = nowNs();
  for (;;) {
    const s = nowNs();
    await sm.run(input).result;
    lat.push(msSince(s));
    const elapsed = msSince(t0);
    if (lat.length >= opts.maxExecutions) break;
    if (elapsed >= opts.maxSeconds * 1000 && lat.length >= 1) break;
    if (elapsed >= opts.minSeconds * 1000 && lat.length >= opts.minExecutions) break;
  }
  const wallMs = msSince(t0);
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  lat.sort((a, b) => a - b);

  const line = {
    engine: 'aws-local-stepfunctions',
    version: pkg.version,
    node: process.version,
    workload,
    executions: lat.length,
    transitions_per_execution: transitions,
    transitions_per_sec: round((lat.length * transitions) / (wallMs / 1000), 1),
    p50_ms: round(percentile(lat, 50), 3),
    p99_ms: round(percentile(lat, 99), 3),
    mode: 'memory',
    input_bytes: inputBytes,
    // Extra: process CPU time (all threads, incl. V8's GC helpers) over the timed
    // loop, and throughput per CPU second -- less sensitive to other load on a
    // shared machine than the wall-clock figure above.
    wall_s: round(wallMs / 1000, 3),
    cpu_s: round(cpuSec, 3),
    transitions_per_cpu_sec: round((lat.length * transitions) / cpuSec, 1),
  };
  if (counted !== null) {
    line.transitions_counted = counted;
    line.state_entered_events = events;
  }
  return line;
}

let failed = false;
for (const file of files) {
  try {
    console.log(JSON.stringify(await benchOne(file)));
  } catch (err) {
    failed = true;
    console.error(`run.mjs: ${basename(file)}: ${err?.stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
