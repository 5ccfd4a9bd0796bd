import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// npm run bench:startup [-- --rounds 5]: the embedded server as `npm start`
// runs it (compiled, NODE_ENV=production), timed from spawn to the first
// answered GraphQL request. Cold: an empty data directory (snapshot load,
// migrations check). Warm: the same directory again. RSS of the server
// process, read from /proc, right after the first answer and after 3 s idle.

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds: expected a whole number ≥ 1, got ${values.rounds}`);
if (!existsSync('dist/src/bundle/server.mjs'))
  throw new Error('dist/src/bundle/server.mjs is missing: run npm run build first');

const QUERY = JSON.stringify({ query: '{ events(first: 1, filter: { status: HELD }) { totalCount } }' });

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/** CPU time (user + system) the process has used so far: what start-up costs whatever else the machine runs. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Run {
  ms: number;
  cpu: number;
  rssFirst: number;
  rssIdle: number;
}

async function start(dataDir: string): Promise<Run> {
  const began = performance.now();
  const child = spawn(process.execPath, ['dist/src/bundle/server.mjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let port = 0;
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
    const match = out.match(/"port":(\d+)/);
    if (match) port = Number(match[1]);
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${out}`);
      if (performance.now() - began > 60_000) throw new Error('no answer within 60 s');
      if (port) {
        const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: QUERY,
        }).catch(() => null);
        if (answer?.status === 200) {
          await answer.json();
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - began;
    const cpu = cpuMs(child.pid ?? 0);
    const rssFirst = rssMb(child.pid ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { ms, cpu, rssFirst, rssIdle: rssMb(child.pid ?? 0) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const cold: Run[] = [];
const warm: Run[] = [];
for (let round = 0; round < rounds; round += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'meetup-graph-startup-'));
  try {
    cold.push(await start(join(dir, 'data')));
    warm.push(await start(join(dir, 'data')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const [name, runs] of [
  ['cold', cold],
  ['warm', warm],
] as const) {
  console.log(
    `${name}: first answer ${median(runs.map((r) => r.ms)).toFixed(0)} ms median ` +
      `(${runs.map((r) => r.ms.toFixed(0)).join(', ')}), CPU ${median(runs.map((r) => r.cpu)).toFixed(0)} ms; RSS at first answer ${median(runs.map((r) => r.rssFirst)).toFixed(0)} MB, ` +
      `idle ${median(runs.map((r) => r.rssIdle)).toFixed(0)} MB`,
  );
}
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
