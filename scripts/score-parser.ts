// Parses every corpus post and prints per-field accuracy against truth.json.
//
//   npx tsx scripts/score-parser.ts [--verbose] [--min 0.97]
//
// The corpus is ../shared/corpus from the working directory, or CORPUS_DIR.
// Fields marked "(info)" are reported but not held to the minimum.
import { corpusAvailable, corpusDir, formatScore, REQUIRED_FIELDS, scoreCorpus } from './corpus-score.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const minAt = args.indexOf('--min');
const min = minAt >= 0 ? Number(args[minAt + 1]) : 0;

const dir = corpusDir();
if (!corpusAvailable(dir)) {
  console.error(`no corpus at ${dir} (set CORPUS_DIR)`);
  process.exit(2);
}
const score = scoreCorpus(dir);
if (verbose) for (const m of score.misses) console.log(`  miss  ${m}`);
for (const f of score.failures) console.log(`  FAIL  ${f}`);
console.log(formatScore(score));
const below = score.fields.filter((f) => (REQUIRED_FIELDS as readonly string[]).includes(f.field) && f.accuracy < min);
if (below.length) {
  console.log(`below ${min}: ${below.map((f) => f.field).join(', ')}`);
  process.exit(1);
}
