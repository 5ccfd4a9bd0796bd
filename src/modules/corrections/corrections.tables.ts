import type { ColumnType, Generated } from 'kysely';

// Row shapes of the corrections tables (migrations/20261202160000_create_correction_tables.ts),
// merged into the Database interface so Kysely knows them.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type CuratedEntityType = 'Event' | 'Talk' | 'Sponsorship';
export type NoteStatus = 'OPEN' | 'CONFIRMED' | 'CORRECTED' | 'MERGED';

export interface CuratedFactTable {
  id: Generated<number>;
  event_id: number;
  entity_type: CuratedEntityType;
  entity_id: number;
  fact: string;
  value: Json;
  post_value: ColumnType<unknown, string | null | undefined, string | null>;
  token_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FactSourceTable {
  id: Generated<number>;
  event_id: number;
  entity_type: CuratedEntityType;
  entity_id: number;
  path: string;
  line: number;
  rule: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportNoteTable {
  id: Generated<number>;
  event_id: number;
  key: string;
  line: number;
  code: string;
  reason: string;
  entity_type: string | null;
  entity_id: number | null;
  fact: string | null;
  status: ColumnType<NoteStatus, NoteStatus | undefined, NoteStatus>;
  closed_by: string | null;
  closed_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../../db/types.ts' {
  interface Database {
    curated_fact: CuratedFactTable;
    fact_source: FactSourceTable;
    import_note: ImportNoteTable;
  }
}
