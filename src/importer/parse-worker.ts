import { parentPort } from 'node:worker_threads';
import { parsePost } from './parse-post.ts';
import { PostParseError } from './parsed-post.types.ts';
import type { ParseReply, ParseRequest } from './post-parser.ts';

// The parser's thread (post-parser.ts starts it): parses each post it is sent
// and answers with the parsed post or why it could not be read, so a long
// post never holds the importing process's event loop.

parentPort?.on('message', (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id: request.id, post: parsePost(request.text, { path: request.path }) };
  } catch (error) {
    reply =
      error instanceof PostParseError
        ? { id: request.id, unreadable: { line: error.line, reason: error.reason } }
        : { id: request.id, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
