import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Kysely } from 'kysely';
import { publishGraphChanges } from '../cache/graph-changes.ts';
import { classifyDatabaseError } from '../db/errors.ts';
import type { Database } from '../db/types.ts';
import {
  ImportDeadlineError,
  type ImportOptions,
  importParsedPost,
  type PostImportResult,
  sha256,
  UnplaceablePostError,
} from './import-posts.ts';
import { parsePost } from './parse-post.ts';
import { PostParseError } from './parsed-post.types.ts';
import { checkParsedPost, checkPostText } from './post-limits.ts';

// Imports roundup files: each post parsed, resolved and written in its own
// transaction. A post that cannot be read fails alone, with its path, line
// and reason; the others go on.

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  warnings: number;
  dryRun: boolean;
  posts: PostImportResult[];
}

const POST_EXTENSIONS = new Set(['.md', '.markdown']);

/** The files named, with directories expanded to the posts inside them, oldest name first. */
export async function collectPostFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (entry.isFile() && POST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
          files.push(join(entry.parentPath, entry.name));
        }
      }
    } else {
      files.push(path);
    }
  }
  // Posts are named by date: importing in that order lets each roundup's
  // announcement meet the next one's import.
  return [...new Set(files)].sort((a, b) => basename(a).localeCompare(basename(b)) || a.localeCompare(b));
}

/** Parses and imports one post's text. Never throws: failures come back as a failed result. */
export async function importPostText(
  db: Kysely<Database>,
  text: string,
  path: string,
  options: ImportOptions = {},
): Promise<PostImportResult> {
  const tooBig = checkPostText(text);
  if (tooBig) return failed(path, tooBig.line, tooBig.reason);
  let parsed: ReturnType<typeof parsePost>;
  try {
    parsed = parsePost(text, { path });
  } catch (error) {
    if (error instanceof PostParseError) {
      return failed(path, error.line, error.reason);
    }
    return failed(path, 0, `could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const tooMuch = checkParsedPost(parsed);
  if (tooMuch) return failed(path, tooMuch.line, tooMuch.reason);
  try {
    const result = await importParsedPost(db, parsed, { path, sha256: sha256(text) }, options);
    // The one place every import (CLI, importRoundup) announces what it wrote.
    if (!options.dryRun && result.eventId != null && (result.status === 'created' || result.status === 'updated')) {
      await publishGraphChanges(db, [
        { kind: 'Event', id: encodeGlobalID('Event', result.eventId), slug: result.eventSlug },
      ]);
    }
    return result;
  } catch (error) {
    if (error instanceof UnplaceablePostError) return failed(path, 1, error.message);
    if (error instanceof ImportDeadlineError) return failed(path, 0, error.message);
    // The transaction was rolled back: nothing of this post was written. Not the post's fault.
    const reason =
      classifyDatabaseError(error) === 'retry'
        ? 'the database is busy (another import is running, or a connection was lost): nothing written, retry'
        : `database write failed, nothing written: ${error instanceof Error ? error.message : String(error)}`;
    const result = failed(path, 0, reason);
    // The cause stays out of JSON reports (it is the driver's error object).
    Object.defineProperty(result.error, 'cause', { value: error, enumerable: false });
    if (result.error) result.error.kind = 'database';
    return result;
  }
}

function failed(path: string, line: number, reason: string): PostImportResult {
  return {
    path,
    status: 'failed',
    eventSlug: null,
    changes: [],
    warnings: [],
    clashes: [],
    notes: [],
    error: { line, reason, kind: 'post' },
  };
}

/** Runs `importOne` on each file in order and adds the results up; a file that cannot be read fails alone. */
export async function importEach(
  files: readonly string[],
  options: ImportOptions,
  importOne: (file: string) => Promise<PostImportResult>,
  onProgress?: (done: number, total: number, result: PostImportResult) => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    warnings: 0,
    dryRun: options.dryRun ?? false,
    posts: [],
  };
  for (const [i, file] of files.entries()) {
    let result: PostImportResult;
    try {
      result = await importOne(file);
    } catch (error) {
      result = failed(file, 0, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    summary[result.status] += 1;
    summary.warnings += result.warnings.length;
    summary.posts.push(result);
    onProgress?.(i + 1, files.length, result);
  }
  return summary;
}

export async function importFiles(
  db: Kysely<Database>,
  paths: readonly string[],
  options: ImportOptions = {},
  onProgress?: (done: number, total: number, result: PostImportResult) => void,
): Promise<ImportSummary> {
  const files = await collectPostFiles(paths);
  return importEach(
    files,
    options,
    async (file) => importPostText(db, await readFile(file, 'utf8'), file, options),
    onProgress,
  );
}
