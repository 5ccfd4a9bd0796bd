// Holds the parser to ≥ 97% per field on the hand-checked corpus (../shared/corpus,
// or CORPUS_DIR), scored the same way as scripts/score-parser.ts. Skipped when
// the corpus is not there (it is test data outside the repository).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CorpusScore,
  corpusAvailable,
  corpusDir,
  REQUIRED_FIELDS,
  scoreCorpus,
} from '../../scripts/corpus-score.ts';

const MIN_ACCURACY = 0.97;
const dir = corpusDir();
const available = corpusAvailable(dir);
const title = available
  ? `parser accuracy on the corpus at ${dir}`
  : `parser accuracy on the corpus — skipped: no corpus at ${dir} (set CORPUS_DIR to run it)`;

if (!available) console.warn(title);

describe.skipIf(!available)(title, () => {
  let score: CorpusScore;
  beforeAll(() => {
    score = scoreCorpus(dir);
  });

  it('reads every post without a parse error', () => {
    expect(score.failures).toEqual([]);
  });

  it.each([...REQUIRED_FIELDS])(`scores "%s" at ${MIN_ACCURACY * 100}% or better`, (field) => {
    const f = score.fields.find((x) => x.field === field);
    expect(f, `no facts scored for ${field}`).toBeDefined();
    const misses = score.misses.filter((m) => m.startsWith(`${field}:`));
    expect(f?.accuracy ?? 0, misses.join('\n')).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });
});
