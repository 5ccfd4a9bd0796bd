import type { Appearance } from './affiliation.repository.ts';

// Employer history derived from appearances. Pure functions: the rules are
// tested without a database.

export interface Affiliation {
  companyId: number;
  from: string;
  to: string;
  /** Talks given in this run (hosting is an appearance but not a talk). */
  talkCount: number;
  appearances: number;
}

/**
 * One entry per run of consecutive appearances with the same company, in
 * date order: billed with A, then B, then A again is three entries. An
 * appearance with no company named neither extends nor breaks a run.
 */
export function affiliationRuns(appearances: readonly Appearance[]): Affiliation[] {
  const runs: Affiliation[] = [];
  for (const appearance of appearances) {
    if (appearance.company_id === null) continue;
    const current = runs.at(-1);
    const talk = appearance.kind === 'talk' ? 1 : 0;
    if (current && current.companyId === appearance.company_id) {
      current.to = appearance.date;
      current.talkCount += talk;
      current.appearances += 1;
    } else {
      runs.push({
        companyId: appearance.company_id,
        from: appearance.date,
        to: appearance.date,
        talkCount: talk,
        appearances: 1,
      });
    }
  }
  return runs;
}

/**
 * The company of the latest appearance on or before `date` that names one;
 * null when there is none.
 */
export function employerAt(appearances: readonly Appearance[], date: string): number | null {
  let company: number | null = null;
  for (const appearance of appearances) {
    if (appearance.date > date) break;
    if (appearance.company_id !== null) company = appearance.company_id;
  }
  return company;
}
