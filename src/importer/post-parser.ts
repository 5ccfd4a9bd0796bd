import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parsePost } from './parse-post.ts';
import { type ParsedPost, PostParseError } from './parsed-post.types.ts';

// Where posts are parsed. Parsing is synchronous and takes up to a few
// hundred milliseconds for the largest post allowed, so imports hand it to a
// thread of its own (parse-worker.ts): the process's event loop keeps serving
// requests meanwhile, and a directory's next post is parsed while the current
// one is written. The thread starts on first use and does not keep the
// process alive; if it stops, the posts it held fail with that reason and the
// next parse starts a new one.

export interface PostParser {
  /** The parsed post; rejects with PostParseError for a post that cannot be read. */
  parse(text: string, path: string): Promise<ParsedPost>;
  close(): Promise<void>;
}

export interface ParseRequest {
  id: number;
  text: string;
  path: string;
}

export type ParseReply =
  | { id: number; post: ParsedPost }
  | { id: number; unreadable: { line: number; reason: string } }
  | { id: number; failure: string };

/** Parses on the calling thread (tools that parse and nothing else). */
export const inlineParser: PostParser = {
  parse: async (text, path) => parsePost(text, { path }),
  close: async () => {},
};

/**
 * Starts the parser's thread: the compiled module beside compiled code (and
 * beside the bundle's folder), else the source module behind tsx's loader,
 * registered in the thread (a worker does not take the parent's loader).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('../importer/parse-worker.js', import.meta.url));
  const source = new URL('./parse-worker.ts', import.meta.url).href;
  // tsx's ESM API (its package's `tsx/esm/api` import target).
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true });
}

interface Pending {
  worker: Worker;
  resolve: (post: ParsedPost) => void;
  reject: (error: Error) => void;
}

export class ParserThread implements PostParser {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  parse(text: string, path: string): Promise<ParsedPost> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<ParsedPost>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ id, text, path } satisfies ParseRequest);
    });
  }

  /** Starts the thread ahead of the first post, so that it loads while the caller opens its database. */
  warm(): void {
    this.worker ??= this.start();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: ParseReply) => this.answer(reply));
    worker.on('error', (error) => this.stopped(worker, `the parser failed: ${error.message}`));
    worker.on('exit', (code) => this.stopped(worker, `the parser stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private answer(reply: ParseReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    // Idle, it must not keep the process alive.
    if (this.pending.size === 0) waiting.worker.unref();
    if ('post' in reply) waiting.resolve(reply.post);
    else if ('unreadable' in reply) waiting.reject(new PostParseError(reply.unreadable.line, reply.unreadable.reason));
    else waiting.reject(new Error(reply.failure));
  }

  private stopped(worker: Worker, reason: string): void {
    if (this.worker === worker) this.worker = null;
    for (const [id, waiting] of this.pending) {
      if (waiting.worker !== worker) continue;
      this.pending.delete(id);
      waiting.reject(new Error(reason));
    }
  }
}

let shared: ParserThread | null = null;

/** The process's parser thread, shared by every import. */
export function sharedParser(): ParserThread {
  shared ??= new ParserThread();
  return shared;
}
