import type { ImportOptions } from '../../importer/import-posts.ts';
import { recordChange } from './audit.repository.ts';

/**
 * The audit hook every importer entry point passes: inside each post's
 * transaction, one entry naming who imported (a token's name, or `cli`),
 * how, and the file. Unchanged posts write nothing, so they leave no entry.
 */
export function auditImportsAs(actor: string, mutation: string): NonNullable<ImportOptions['onWritten']> {
  return async (trx, written) => {
    if (written.eventId == null || written.status === 'unchanged') return;
    await recordChange(trx, {
      tokenName: actor,
      mutation,
      entityType: 'Event',
      entityId: written.eventId,
      before: null,
      after: { path: written.path, status: written.status, changes: written.changes },
    });
  };
}
