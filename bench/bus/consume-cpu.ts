// CPU per consumed message, consume-only, raw against ours: this process's main
// thread and its other threads, Postgres (all its processes) and nats-server,
// read from /proc around the timed part. Throughput alone hides where the time goes.
//   node -r @swc-node/register bench/bus/consume-cpu.ts   (BENCH_N, BENCH_ROUNDS)
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { N, PULL, ROUNDS, event, withBenchSchema } from './bench-common';
import { consumeOnlyOurs, consumeOnlyRaw, type Phase } from './consume-only';

type Sample = Record<string, number>;

/** Nanoseconds on CPU of each thread of `pid` (schedstat), summed. */
function threadsNs(pid: number, only?: (tid: number) => boolean): number {
  let ns = 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tids) {
    if (only && !only(Number(tid))) continue;
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // thread gone
    }
  }
  return ns;
}

function pidsOf(user: string, command: string): number[] {
  const out = execFileSync('ps', ['-u', user, '-o', 'pid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm?.startsWith(command))
    .map(([pid]) => Number(pid));
}

function sample(): Map<string, number> {
  const m = new Map<string, number>();
  m.set('node main', threadsNs(process.pid, (t) => t === process.pid));
  m.set('node bg', threadsNs(process.pid, (t) => t !== process.pid));
  for (const pid of pidsOf('postgres', 'postgres')) m.set(`pg ${pid}`, threadsNs(pid));
  for (const pid of pidsOf('root', 'nats-server')) m.set(`nats ${pid}`, threadsNs(pid));
  return m;
}

function meter(count: number, into: Sample[]): Phase {
  let before = new Map<string, number>();
  return {
    begin: () => (before = sample()),
    end: () => {
      const after = sample();
      const s: Sample = { 'node main': 0, 'node bg': 0, postgres: 0, nats: 0 };
      for (const [k, v] of after) {
        const d = (v - (before.get(k) ?? 0)) / 1000 / count;
        const key = k.startsWith('pg ') ? 'postgres' : k.startsWith('nats ') ? 'nats' : k;
        s[key] += d;
      }
      into.push(s);
    },
  };
}

function row(name: string, rates: number[], samples: Sample[]): string {
  const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const keys = ['node main', 'node bg', 'postgres', 'nats'];
  const parts = keys.map((k) => `${k} ${mid(samples.map((s) => s[k])).toFixed(1)}`);
  const total = mid(samples.map((s) => keys.reduce((a, k) => a + s[k], 0)));
  return `${name}: ${Math.round(mid(rates))} msg/s; CPU µs/msg: ${parts.join(', ')}; total ${total.toFixed(1)}`;
}

async function main(): Promise<void> {
  await withBenchSchema(async (dataSource) => {
    const make = (n: number) => Array.from({ length: n }, event);
    console.log(`consume-only CPU: N=${N}, pull window ${PULL}, rounds ${ROUNDS} (+1 warm-up)`);
    const [rawRates, oursRates, rawCpu, oursCpu]: [number[], number[], Sample[], Sample[]] = [[], [], [], []];
    // Round 0 warms up (JIT, pool connections) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      const r = await consumeOnlyRaw(make(N), meter(N, rawCpu));
      const o = await consumeOnlyOurs(dataSource, make(N), meter(N, oursCpu));
      await dataSource.query('TRUNCATE bench_effect, inbox_record, outbox_message');
      if (round === 0) {
        rawCpu.length = 0;
        oursCpu.length = 0;
        continue;
      }
      rawRates.push(r);
      oursRates.push(o);
      console.log(`round ${round}: raw ${Math.round(r)} msg/s, ours ${Math.round(o)} msg/s`);
    }
    console.log(row('raw ', rawRates, rawCpu));
    console.log(row('ours', oursRates, oursCpu));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
