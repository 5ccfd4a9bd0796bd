import { parseArgs } from 'node:util';
import { describeTarget, openTarget, type Target } from './db.ts';
import { countsOf, DEFAULT_SEED, generateDataset } from './generate.ts';
import { tableCounts, truncateGraph, writeDataset } from './seed-writer.ts';

// npm run bench:seed -- --scale S [--seed N] [--force] [--embedded DIR]
// Fills DATABASE_URL (or an embedded PGlite directory) with a deterministic
// synthetic meetup history. Refuses a database that already has rows unless
// --force, which truncates the graph's tables first.

const USAGE = `usage: npm run bench:seed -- --scale S [--seed N] [--force] [--embedded DIR]
  --scale S        1 = the size of the real community (~100 meetups); 10 and 100 multiply it
  --seed N         PRNG seed (default ${DEFAULT_SEED}); same seed and scale, same data
  --force          truncate a non-empty database first
  --embedded DIR   seed an embedded PGlite database in DIR instead of DATABASE_URL`;

export interface SeedOptions {
  scale: number;
  seed?: number;
  force?: boolean;
  quiet?: boolean;
}

export class SeedRefusal extends Error {}

export async function seed(target: Target, options: SeedOptions): Promise<{ seconds: number; counts: object }> {
  const log = options.quiet ? () => {} : (line: string) => console.error(line);
  const started = performance.now();
  const database = await openTarget(target);
  try {
    const existing = await tableCounts(database.db);
    const rows = Object.values(existing).reduce((a, b) => a + b, 0);
    if (rows > 0) {
      if (!options.force) {
        throw new SeedRefusal(
          `${describeTarget(target)} is not empty (${existing.event} events, ${existing.person} people, ${rows} rows in all); ` +
            'pass --force to truncate it first',
        );
      }
      log(`truncating ${rows} rows`);
      await truncateGraph(database.db);
    }
    const generated = performance.now();
    const data = generateDataset(options.scale, options.seed ?? DEFAULT_SEED);
    log(`generated scale ${options.scale} in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    await writeDataset(database.db, data, (step, count, ms) =>
      log(`  ${step.padEnd(16)} ${String(count).padStart(7)} rows  ${(ms / 1000).toFixed(1).padStart(6)} s`),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds, counts: countsOf(data) };
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  let values: { scale?: string; seed?: string; force?: boolean; embedded?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean', default: false },
        embedded: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const scale = Number(values.scale);
  if (!values.scale || !(scale > 0)) {
    console.error(`--scale must be a positive number\n${USAGE}`);
    return 2;
  }
  let target: Target;
  if (values.embedded) target = { kind: 'embedded', dir: values.embedded };
  else if (process.env.DATABASE_URL?.trim()) target = { kind: 'server', url: process.env.DATABASE_URL.trim() };
  else {
    console.error(`DATABASE_URL is not set: refusing to guess a database (or pass --embedded DIR)\n${USAGE}`);
    return 2;
  }
  try {
    console.error(`seeding ${describeTarget(target)} at scale ${scale}`);
    const result = await seed(target, {
      scale,
      seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
      force: values.force === true,
    });
    console.log(`seeded scale ${scale} in ${result.seconds.toFixed(1)} s: ${JSON.stringify(result.counts)}`);
    return 0;
  } catch (error) {
    if (error instanceof SeedRefusal) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
