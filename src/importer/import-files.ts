import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Kysely } from 'kysely';
import { publishGraphChanges } from '../cache/graph-changes.ts';
import { classifyDatabaseError } from '../db/errors.ts';
import type { Database } from '../db/types.ts';
import {
  failedImport,
  ImportDeadlineError,
  type ImportOptions,
  importParsedPost,
  type PostImportResult,
  sha256,
  UnplaceablePostError,
} from './import-posts.ts';
import { type ParsedPost, PostParseError } from './parsed-post.types.ts';
import { checkParsedPost, checkPostText } from './post-limits.ts';
import { type PostParser, sharedParser } from './post-parser.ts';

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

export interface ImportTextOptions extends ImportOptions {
  /** Where the post is parsed: the process's parser thread unless given. */
  parser?: PostParser;
}

/** A post read and checked, ready to be written; or the result of a post that cannot be. */
export type PreparedPost = { parsed: ParsedPost; sha256: string } | { failed: PostImportResult };

/** Checks and parses one post's text. Never throws: a post that cannot be read comes back failed. */
export async function preparePost(
  text: string,
  path: string,
  parser: PostParser = sharedParser(),
): Promise<PreparedPost> {
  const tooBig = checkPostText(text);
  if (tooBig) return { failed: failed(path, tooBig.line, tooBig.reason) };
  let parsed: ParsedPost;
  try {
    parsed = await parser.parse(text, path);
  } catch (error) {
    if (error instanceof PostParseError) return { failed: failed(path, error.line, error.reason) };
    return {
      failed: failed(path, 0, `could not be parsed: ${error instanceof Error ? error.message : String(error)}`),
    };
  }
  const tooMuch = checkParsedPost(parsed);
  if (tooMuch) return { failed: failed(path, tooMuch.line, tooMuch.reason) };
  return { parsed, sha256: sha256(text) };
}

/** Parses and imports one post's text. Never throws: failures come back as a failed result. */
export async function importPostText(
  db: Kysely<Database>,
  text: string,
  path: string,
  options: ImportTextOptions = {},
): Promise<PostImportResult> {
  return writePreparedPost(db, await preparePost(text, path, options.parser), path, options);
}

/** Writes a prepared post. Never throws: failures come back as a failed result. */
export async function writePreparedPost(
  db: Kysely<Database>,
  prepared: PreparedPost,
  path: string,
  options: ImportOptions = {},
): Promise<PostImportResult> {
  if ('failed' in prepared) return prepared.failed;
  try {
    const result = await importParsedPost(db, prepared.parsed, { path, sha256: prepared.sha256 }, options);
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
  return failedImport(path, line, reason, 'post');
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
  options: ImportTextOptions = {},
  onProgress?: (done: number, total: number, result: PostImportResult) => void,
): Promise<ImportSummary> {
  const files = await collectPostFiles(paths);
  const parser = options.parser ?? sharedParser();
  // Each post is read and parsed while the one before it is written.
  const prepared = new Map<number, Promise<PreparedPost>>();
  const prepare = (i: number) => {
    const file = files[i];
    if (file === undefined || prepared.has(i)) return;
    const read = readFile(file, 'utf8').then(
      (text) => preparePost(text, file, parser),
      (error: unknown) => ({
        failed: failed(file, 0, `could not be read: ${error instanceof Error ? error.message : String(error)}`),
      }),
    );
    prepared.set(i, read);
  };
  let index = 0;
  return importEach(
    files,
    options,
    async (file) => {
      const i = index++;
      prepare(i);
      prepare(i + 1);
      const post = (await prepared.get(i)) ?? { failed: failed(file, 0, 'could not be read') };
      prepared.delete(i);
      return writePreparedPost(db, post, file, options);
    },
    onProgress,
  );
}
