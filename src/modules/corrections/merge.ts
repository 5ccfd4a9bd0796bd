import type { Write } from '../../graphql/write.ts';
import { moveCuratedReferences } from './curated-fact.repository.ts';
import { closeNotesOfEntity } from './import-note.repository.ts';

/**
 * A merge keeps the overrides of what it merges: curated values naming the
 * source name the target; the likely-duplicate notes of both close as merged.
 */
export async function keepCorrectionsAcrossMerge(
  write: Write,
  kind: 'person' | 'company',
  sourceId: number,
  targetId: number,
): Promise<void> {
  await moveCuratedReferences(write.trx, kind, sourceId, targetId);
  const type = kind === 'person' ? 'Person' : 'Company';
  const codes = [`possible-duplicate-${kind}`];
  for (const id of [sourceId, targetId]) {
    await closeNotesOfEntity(write.trx, type, id, 'MERGED', write.principal.name, codes);
  }
}
