// Makes a set of existing rows match a desired set by natural key: inserts
// what is new, updates what differs, deletes what is gone, and leaves equal
// rows untouched (so their updated_at does not move).

export interface SyncPlan<E, D> {
  existing: readonly E[];
  desired: readonly D[];
  existingKey: (row: E) => string;
  desiredKey: (row: D) => string;
  equal: (row: E, wanted: D) => boolean;
  insert: (wanted: D) => Promise<void>;
  update: (row: E, wanted: D) => Promise<void>;
  remove: (row: E) => Promise<void>;
}

export interface SyncCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

export async function syncRows<E, D>(plan: SyncPlan<E, D>): Promise<SyncCounts> {
  const counts: SyncCounts = { inserted: 0, updated: 0, deleted: 0 };
  const byKey = new Map(plan.existing.map((row) => [plan.existingKey(row), row]));
  const wantedKeys = new Set(plan.desired.map(plan.desiredKey));
  // Deletes first: a unique position freed by a removed row may be reused.
  for (const row of plan.existing) {
    if (!wantedKeys.has(plan.existingKey(row))) {
      await plan.remove(row);
      counts.deleted += 1;
    }
  }
  for (const wanted of plan.desired) {
    const row = byKey.get(plan.desiredKey(wanted));
    if (!row) {
      await plan.insert(wanted);
      counts.inserted += 1;
    } else if (!plan.equal(row, wanted)) {
      await plan.update(row, wanted);
      counts.updated += 1;
    }
  }
  return counts;
}

export function changed(counts: SyncCounts): boolean {
  return counts.inserted + counts.updated + counts.deleted > 0;
}
