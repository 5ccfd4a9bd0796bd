import { readFile } from 'node:fs/promises';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { RunningServer } from '../db/running-server.ts';
import { type ImportSummary, importEach } from './import-files.ts';
import { type Clash, failedImport, type ImportOptions, type PostImportResult } from './import-posts.ts';

// The importer CLI beside a running embedded server: PGlite serves one
// process, so the posts go to the server's importRoundup mutation (the same
// document as operations/import.graphql) with the server's local token.
// Each post is still its own transaction there, audited as `cli`.

const IMPORT_ROUNDUP = `mutation ImportRoundup($input: ImportRoundupInput!) {
  importRoundup(input: $input) {
    __typename
    ... on ImportReport {
      status dryRun eventSlug changes warnings { line code message }
      clashes { entity fact subject curated post message }
      notes { line code reason entity fact }
    }
    ... on Error { code message }
    ... on ValidationError { issues { path message } }
  }
}`;

interface Reply {
  data?: {
    importRoundup: {
      __typename: string;
      status?: 'CREATED' | 'UPDATED' | 'UNCHANGED';
      eventSlug?: string | null;
      changes?: string[];
      warnings?: { line: number; code: string; message: string }[];
      clashes?: { entity: string; fact: string; subject: string; curated: string; post: string; message: string }[];
      notes?: { line: number; code: string; reason: string; entity: string | null; fact: string | null }[];
      message?: string;
      issues?: { path: string[]; message: string }[];
    };
  };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** "line 12: reason" as the server's ValidationError words it, back into a line and a reason. */
function failureOf(path: string, message: string): PostImportResult {
  const match = /^line (\d+): (.*)$/s.exec(message);
  return failedImport(path, match ? Number(match[1]) : 0, match?.[2] ?? message);
}

async function importOne(server: RunningServer, file: string, options: ImportOptions): Promise<PostImportResult> {
  const markdown = await readFile(file, 'utf8');
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({
      query: IMPORT_ROUNDUP,
      variables: {
        input: { markdown, path: file, dryRun: options.dryRun ?? false, series: options.defaultSeries ?? null },
      },
    }),
  });
  const reply = (await response.json()) as Reply;
  const result = reply.data?.importRoundup;
  if (!result) {
    const error = reply.errors?.[0];
    throw new Error(`the running server refused the import (${response.status}): ${error?.message ?? 'no answer'}`);
  }
  if (result.__typename !== 'ImportReport') {
    return failureOf(file, result.issues?.[0]?.message ?? result.message ?? result.__typename);
  }
  return {
    path: file,
    status: (result.status ?? 'UNCHANGED').toLowerCase() as PostImportResult['status'],
    eventSlug: result.eventSlug ?? null,
    changes: result.changes ?? [],
    warnings: result.warnings ?? [],
    clashes: (result.clashes ?? []).map(({ entity, ...clash }) => {
      const { typename, id } = decodeGlobalID(entity);
      return { ...clash, entityType: typename as Clash['entityType'], entityId: Number(id) };
    }),
    notes: (result.notes ?? []).map(({ entity, ...note }) => {
      const decoded = entity ? decodeGlobalID(entity) : null;
      return { ...note, entityType: decoded?.typename ?? null, entityId: decoded ? Number(decoded.id) : null };
    }),
  };
}

/** Imports the files through the running server, one request per post, oldest first. */
export function importThroughServer(
  server: RunningServer,
  files: readonly string[],
  options: ImportOptions,
  onProgress?: (done: number, total: number, result: PostImportResult) => void,
): Promise<ImportSummary> {
  return importEach(files, options, (file) => importOne(server, file, options), onProgress);
}
