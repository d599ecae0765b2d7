// The hub bench's report (../hub.ts): each run summed up (rates, latencies, the CPU it and the
// rest of the machine took), the re-runs and the profile, as one JSON object and as the table a
// person reads (stdout, or stderr under --json). Kept apart so that the figures are worked out and
// worded in one place, whatever measured them.
import os from 'node:os';
import { percentile } from '../common';
import { int, ms, round, sorted, TARGET_EVENTS_PER_S, type Options } from './common';
import type { Profile } from './profile';
import { personStanding, type PushRun } from './push';
import type { Rerun } from './sketch';
import type { Made } from './terminals';

export type Machine = ReturnType<typeof machine>;

export function machine(): { cpus: number; model: string; memoryGiB: number; node: string; os: string } {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, os: `${os.platform()} ${os.release()}` };
}

export const loads = () => os.loadavg().map((l) => round(l, 2));

export interface EngineResult {
  engine: string;
  about: string;
  run: PushRun;
  standing: { samples: number[]; found: number } | undefined;
  profile: Profile | undefined;
  reruns: Rerun[];
  stored: { events: string; trades: string };
}

/** The CPU the machine's other processes took during a run (its busy time less this process's and the server's), in seconds. */
const othersCpu = (r: PushRun) => Math.max(0, r.machine!.busy - r.nodeCpu - (r.serverCpu ?? 0));
/** What CPU seconds spent on `events` allow on this machine's cores with nothing else running, a second. */
const cpuBound = (events: number, cpuSeconds: number) => round((os.cpus().length * events) / cpuSeconds, 0);

function summary(r: EngineResult) {
  const lat = sorted(r.run.latencies);
  const ps = r.run.perSecond;
  const half = Math.floor(ps.length / 2);
  const rate = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const st = r.standing ? sorted(r.standing.samples) : undefined;
  return {
    engine: r.engine,
    events: r.run.events,
    seconds: round(r.run.seconds, 2),
    events_per_s: round(r.run.events / r.run.seconds, 0),
    batches_per_s: round(r.run.batches / r.run.seconds, 1),
    batch_p50_ms: round(percentile(lat, 50), 2),
    batch_p99_ms: round(percentile(lat, 99), 2),
    batch_max_ms: round(percentile(lat, 100), 2),
    per_second_min: ps.length ? Math.min(...ps) : null,
    per_second_max: ps.length ? Math.max(...ps) : null,
    first_half_per_s: round(rate(ps.slice(0, half)) ?? 0, 0),
    second_half_per_s: round(rate(ps.slice(half)) ?? 0, 0),
    node_cpu_s: round(r.run.nodeCpu, 1),
    server_cpu_s: r.run.serverCpu === undefined ? null : round(r.run.serverCpu, 1),
    /** The machine's other processes (busy minus this process and the server) and its idle time, meanwhile. */
    others_cpu_s: r.run.machine ? round(othersCpu(r.run), 1) : null,
    idle_cpu_s: r.run.machine ? round(r.run.machine.idle, 1) : null,
    /** What the CPU spent on it allows on this many cores alone: cores ÷ (this process's + the server's CPU a event). */
    cpu_bound_per_s: r.engine === 'PGlite' || r.run.serverCpu !== undefined ? cpuBound(r.run.events, r.run.nodeCpu + (r.run.serverCpu ?? 0)) : null,
    standing_p50_ms: st ? round(percentile(st, 50), 3) : null,
    standing_p99_ms: st ? round(percentile(st, 99), 3) : null,
    /** hub_trades as the look-ups met it: the run's, the warm-up's, and --history-trades. */
    standing_trades_indexed: Number(r.stored.trades),
  };
}

/** A way's rounds together: events over seconds, CPU per 1,000 events, each round's rate. */
function rerunOf(x: Rerun) {
  const sum = (f: (r: PushRun) => number) => x.runs.reduce((n, r) => n + f(r), 0);
  const events = sum((r) => r.events);
  const lat = sorted(x.runs.flatMap((r) => r.latencies));
  const server = x.runs.every((r) => r.serverCpu !== undefined) ? sum((r) => r.serverCpu!) : undefined;
  return {
    events,
    seconds: round(sum((r) => r.seconds), 2),
    events_per_s: round(events / sum((r) => r.seconds), 0),
    rounds_per_s: x.runs.map((r) => round(r.events / r.seconds, 0)),
    batch_p50_ms: round(percentile(lat, 50), 2),
    batch_p99_ms: round(percentile(lat, 99), 2),
    node_cpu_ms_per_1000: round((1000 * sum((r) => r.nodeCpu) * 1000) / events, 1),
    others_cpu_s: x.runs.every((r) => r.machine) ? round(sum(othersCpu), 1) : null,
    cpu_bound_per_s: server === undefined ? null : cpuBound(events, sum((r) => r.nodeCpu) + server),
    server_cpu_ms_per_1000: server === undefined ? null : round((1000 * server * 1000) / events, 1),
  };
}

/** The whole report: the JSON object and the table, written out as --json asks. */
export function report(o: Options, m: Machine, loadStart: number[], full: Made, mix: string, results: EngineResult[], t00: number): void {
  const loadEnd = loads();
  const sums = results.map(summary);
  const pgRes = sums.find((s) => s.engine === 'PostgreSQL');
  const pgliteRes = sums.find((s) => s.engine === 'PGlite');
  const hasStanding = personStanding() !== undefined;
  const result = {
    machine: { ...m, load_start: loadStart, load_end: loadEnd },
    terminals: o.terminals,
    batch: o.batch,
    concurrency: o.concurrency,
    bytes_per_event: Math.round(full.bytes / full.events),
    trades_share: round(full.trades / full.events, 3),
    events_per_s: pgRes?.events_per_s ?? null,
    target_events_per_s: TARGET_EVENTS_PER_S,
    pglite_events_per_s: pgliteRes?.events_per_s ?? null,
    reruns: results.flatMap((r) => r.reruns.map((x) => ({ engine: r.engine, label: x.label, ...rerunOf(x) }))),
    engines: sums,
    standing: hasStanding ? 'hub/lookups.ts personStanding' : null,
    profile: results.filter((r) => r.profile).map((r) => ({
      engine: r.engine,
      batch_ms: round(r.profile!.ingestMs, 2),
      parts_ms: Object.fromEntries(Object.entries(r.profile!.parts).map(([k, v]) => [k, round(v, 2)])),
      statements_ms_per_batch: Object.fromEntries([...r.profile!.statements].map(([k, v]) => [k, { client: round(v.clientMs / r.profile!.batches, 2), server: v.serverMs === undefined ? null : round(v.serverMs / r.profile!.batches, 2), calls: v.calls }])),
      alternatives_ms: r.profile!.alternatives,
      node_cpu_ms_by_module: r.profile!.cpuByModule ? Object.fromEntries(r.profile!.cpuByModule.slice(0, 14).map(([k, v]) => [k, round(v, 0)])) : null,
    })),
  };

  const lines: string[] = [
    `cpu: ${m.cpus} × ${m.model}; memory ${m.memoryGiB} GiB; node ${m.node}; ${m.os}`,
    `load average (1, 5, 15 min) at the start ${loadStart.join(', ')}, at the end ${loadEnd.join(', ')}`,
    `${o.terminals} simulated terminals (a busy day each), batches of ${o.batch} events, ${o.concurrency} pushers at once (a terminal's batches one after the other); ${int(full.bytes / full.events)} bytes of JSON an event; ${mix}`,
    '',
  ];
  for (const [i, s] of sums.entries()) {
    const r = results[i]!;
    lines.push(`${s.engine}: ${r.about}`);
    const target = s.engine === 'PostgreSQL' ? `${s.events_per_s >= TARGET_EVENTS_PER_S ? 'ok' : 'MISSED'} (target ≥ ${int(TARGET_EVENTS_PER_S)})` : '';
    lines.push(`  events_per_s      ${String(s.events_per_s).padStart(10)}  ${target}  ${int(s.events)} events in ${s.seconds} s; stored ${int(Number(r.stored.events))} events (warm-up included), ${int(Number(r.stored.trades))} trades indexed`);
    lines.push(`  sustained         ${''.padStart(10)}  each whole second ${int(s.per_second_min ?? 0)} … ${int(s.per_second_max ?? 0)}; first half ${int(s.first_half_per_s)}/s, second half ${int(s.second_half_per_s)}/s`);
    lines.push(`  batches_per_s     ${String(s.batches_per_s).padStart(10)}`);
    lines.push(`  batch_p50_ms      ${String(s.batch_p50_ms).padStart(10)}  (body parsed + ingest, as the pusher waits: includes waiting for one of the pool's connections)`);
    lines.push(`  batch_p99_ms      ${String(s.batch_p99_ms).padStart(10)}  max ${s.batch_max_ms}`);
    lines.push(`  cpu               ${''.padStart(10)}  ${s.seconds} s × ${m.cpus} cores = ${round(m.cpus * s.seconds, 1)} core-seconds: this process ${s.node_cpu_s}${s.server_cpu_s !== null ? `, the server ${s.server_cpu_s}` : ''}${s.others_cpu_s !== null ? `, OTHER processes on the machine ${s.others_cpu_s}, idle ${s.idle_cpu_s}` : ''}`);
    if (s.cpu_bound_per_s !== null) lines.push(`  cpu_bound_per_s   ${String(s.cpu_bound_per_s).padStart(10)}  what the CPU it took allows on ${m.cpus} cores with nothing else running: ${m.cpus} ÷ CPU seconds an event${s.engine === 'PGlite' ? '' : ' (this process + the server)'}`);
    lines.push(s.standing_p50_ms !== null
      ? `  standing_p50_ms   ${String(s.standing_p50_ms).padStart(10)}  personStanding today, ${r.standing!.samples.length} look-ups of customers who traded at 2+ counters, after the ingest; p99 ${s.standing_p99_ms} ms`
      : `  standing          ${'n/a'.padStart(10)}  ${hasStanding ? 'not measured (--standing 0)' : 'hub/ has no personStanding yet'}`);
    lines.push('');
  }
  for (const p of result.profile) {
    const r = results.find((x) => x.engine === p.engine)!.profile!;
    lines.push(`where an ingest's time goes (${p.engine}; ${r.batches} batches of ${o.batch} of 4 fresh terminals, one at a time; median ${p.batch_ms} ms a batch, ${int((o.batch / p.batch_ms) * 1000)} events/s for one pusher):`);
    for (const [k, v] of Object.entries(p.parts_ms)) lines.push(`  ${k.padEnd(48)} ${String(v).padStart(8)} ms`);
    if (Object.keys(p.statements_ms_per_batch).length) lines.push(`  statements (ms a batch, as the client waits / as the server ran them${r.statements.size && [...r.statements.values()].some((v) => v.serverMs !== undefined) ? ': pg_stat_statements, execution and planning' : ' (not known: no pg_stat_statements there)'}):`);
    for (const [k, v] of Object.entries(p.statements_ms_per_batch)) lines.push(`    ${k.padEnd(46)} ${String(v.client).padStart(8)} / ${v.server === null ? '—' : String(v.server)}  (${v.calls} calls)`);
    if (Object.keys(p.alternatives_ms).length) {
      lines.push('  the hub_events insert of one batch, other ways (ms: median, least; each in a transaction rolled back, interleaved):');
      for (const [k, v] of Object.entries(p.alternatives_ms)) lines.push(`    ${k.padEnd(66)} ${String(v.p50).padStart(7)} ${String(v.min).padStart(7)}`);
    }
    if (p.node_cpu_ms_by_module) lines.push(`  this process's CPU while profiling, by module (ms): ${Object.entries(p.node_cpu_ms_by_module).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    lines.push('');
  }
  if (result.reruns.length > 0) {
    const each = Math.round(result.reruns[0]!.events / o.rerunRounds);
    lines.push(`re-runs: the same terminals' first ${int(each)} events again, from emptied tables, each way in turn, ${o.rerunRounds} rounds, ${o.concurrency} pushers (ingestSketch is in test/bench/hub/sketch.ts, NOT the hub's ingest: the same zod or checks, chain rule and head lock; no fork check, no partition making):`);
    for (const k of result.reruns) {
      lines.push(`  ${String(k.events_per_s).padStart(6)} events/s  ${k.label}${k.cpu_bound_per_s !== null ? ` [cpu_bound_per_s ${k.cpu_bound_per_s}]` : ''}`);
      lines.push(`  ${''.padStart(6)}            rounds ${k.rounds_per_s.map((x) => int(x)).join(', ')}; batch p50 ${k.batch_p50_ms} ms, p99 ${k.batch_p99_ms} ms; CPU per 1,000 events: this process ${k.node_cpu_ms_per_1000} ms${k.server_cpu_ms_per_1000 !== null ? `, the server ${k.server_cpu_ms_per_1000} ms` : ''}${k.others_cpu_s !== null ? `; other processes took ${k.others_cpu_s} of ${round(k.seconds * m.cpus, 1)} core-seconds` : ''}`);
    }
    lines.push('');
  }
  lines.push(`total ${(ms(t00) / 1000).toFixed(0)} s`);
  const table = lines.join('\n');
  if (o.json) {
    process.stderr.write(`${table}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(`${table}\n`);
  }
}
