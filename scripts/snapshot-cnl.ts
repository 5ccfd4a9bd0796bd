import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseCommandLine, runCommand, UsageError } from '../src/cli/args.ts';
import { buildFactsSnapshot } from '../src/export/facts-snapshot.ts';

// npm run snapshot:cnl [-- --check] [-- --corpus DIR]
// Regenerates data/cloud-native-london.ndjson, the embedded database's
// default graph, from the roundup corpus (../shared/corpus/posts): imported
// into a fresh embedded database, exported --facts-only. --check writes
// nothing and fails (exit 1) when the committed file differs.

const USAGE = `usage: npm run snapshot:cnl [-- --check] [-- --corpus DIR]
  --corpus DIR   the roundup posts (default ../shared/corpus/posts)
  --check        regenerate in memory and fail when data/cloud-native-london.ndjson differs`;

export const SNAPSHOT_FILE = 'data/cloud-native-london.ndjson';

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const index = left.findIndex((line, i) => line !== right[i]);
  const at = index < 0 ? left.length : index;
  return `first difference at line ${at + 1}:\n  committed:   ${(right[at] ?? '(end of file)').slice(0, 200)}\n  regenerated: ${(left[at] ?? '(end of file)').slice(0, 200)}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine({
    corpus: { type: 'string', default: '../shared/corpus/posts' },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const corpus = values.corpus as string;
  if (!existsSync(corpus)) throw new UsageError(`no roundup corpus at ${corpus} (--corpus DIR names it)`);
  const started = performance.now();
  const snapshot = await buildFactsSnapshot(corpus);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (snapshot.failed.length > 0) {
    console.error(`snapshot:cnl: ${snapshot.failed.length} post(s) failed to import: ${snapshot.failed.join(', ')}`);
    return 1;
  }
  const described = `${snapshot.posts} posts, ${snapshot.rows} rows, ${seconds} s`;
  if (values.check) {
    const committed = existsSync(SNAPSHOT_FILE) ? await readFile(SNAPSHOT_FILE, 'utf8') : '';
    if (committed === snapshot.text) {
      console.error(`snapshot:cnl: ${SNAPSHOT_FILE} is up to date (${described})`);
      return 0;
    }
    console.error(
      `snapshot:cnl: ${SNAPSHOT_FILE} differs from the corpus's import (${described}); ` +
        `run npm run snapshot:cnl and commit it\n${firstDifference(snapshot.text, committed)}`,
    );
    return 1;
  }
  await writeFile(SNAPSHOT_FILE, snapshot.text);
  console.error(`snapshot:cnl: wrote ${SNAPSHOT_FILE} (${described})`);
  return 0;
}

runCommand('snapshot:cnl', USAGE, main);
