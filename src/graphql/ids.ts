/** A database id from the id part of a global ID; -1 (never a row) when it is not one. */
export function parseDbId(id: string): number {
  return /^\d{1,15}$/.test(id) ? Number(id) : -1;
}
