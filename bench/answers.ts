import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSchema } from 'graphql';
import { openTarget } from './db.ts';
import { sendOnce } from './load.ts';
import { prepareOperations, projectRoot } from './operations.ts';
import { Random } from './prng.ts';
import { type Served, startService, stopAll } from './processes.ts';
import { loadSamples } from './samples.ts';

// Byte-for-byte answers of the service on sampled requests of every
// benchmark query, recorded from one checkout and checked against another:
// a change made for speed must not change a single byte of any answer.
//
//   DATABASE_URL=… npx tsx bench/answers.ts --record answers.json [--root DIR] [--per-query 40]
//   DATABASE_URL=… npx tsx bench/answers.ts --check answers.json
//
// --root runs the service of another checkout (its src/ with this one's
// node_modules), e.g. the code before a change, exported with git archive.

const { values } = parseArgs({
  options: {
    record: { type: 'string' },
    check: { type: 'string' },
    root: { type: 'string' },
    'per-query': { type: 'string', default: '40' },
  },
});

interface Recorded {
  op: string;
  variables: Record<string, unknown>;
  status: number;
  body: string;
}

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new Error('set DATABASE_URL to a seeded benchmark database');
  const file = values.record ?? values.check;
  if (!file) throw new Error('pass --record FILE or --check FILE');
  const root = resolve(values.root ?? projectRoot());
  const database = await openTarget({ kind: 'server', url });
  const samples = await loadSamples(database.db).finally(() => database.close());
  const schema = buildSchema(readFileSync(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8'));
  const operations = prepareOperations(schema).filter((op) => !op.skipped);
  const service: Served = await startService({ DATABASE_URL: url }, 'service', {}, root);
  try {
    const perQuery = Number(values['per-query']);
    const answers: Recorded[] = [];
    for (const op of operations) {
      const random = new Random(4711);
      const pages = op.pageVariable ? [op.defaultPage, 1, 100] : [op.defaultPage];
      for (let i = 0; i < perQuery; i += 1) {
        const page = pages[i % pages.length];
        const request = {
          op: op.id,
          operationName: op.operationName,
          query: op.document,
          variables: op.variables(samples, random, page),
        };
        const answer = await sendOnce(service.url, request);
        answers.push({ op: op.id, variables: request.variables, status: answer.status, body: answer.text });
      }
    }
    if (values.record) {
      writeFileSync(values.record, `${JSON.stringify(answers)}\n`);
      const digest = createHash('sha256').update(JSON.stringify(answers)).digest('hex').slice(0, 12);
      console.log(`recorded ${answers.length} answers of ${root} (sha256 ${digest})`);
      return 0;
    }
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded[];
    let differing = 0;
    answers.forEach((answer, i) => {
      const before = recorded[i];
      if (
        !before ||
        before.op !== answer.op ||
        JSON.stringify(before.variables) !== JSON.stringify(answer.variables) ||
        before.status !== answer.status ||
        before.body !== answer.body
      ) {
        differing += 1;
        if (differing <= 5) {
          console.log(`${answer.op} ${JSON.stringify(answer.variables)} differs:`);
          console.log(`  before: ${before?.body.slice(0, 300)}`);
          console.log(`  now:    ${answer.body.slice(0, 300)}`);
        }
      }
    });
    const byQuery = new Map<string, number>();
    for (const answer of answers) byQuery.set(answer.op, (byQuery.get(answer.op) ?? 0) + 1);
    console.log(
      `${answers.length - differing}/${answers.length} answers byte-identical (${[...byQuery]
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')})`,
    );
    return differing === 0 && recorded.length === answers.length ? 0 : 1;
  } finally {
    await service.stop();
  }
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await stopAll();
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
