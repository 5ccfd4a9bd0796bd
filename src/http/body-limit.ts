import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

// The request-body cap (BODY_LIMIT_BYTES). A declared Content-Length over
// the cap is refused before a byte is read, by a Yoga plugin (so
// `yoga.fetch` obeys it too); the HTTP server refuses bodies of unknown
// length, which could not be held to the cap without reading them.

function tooLargeBody(limit: number): string {
  return JSON.stringify({
    errors: [
      {
        message: `Request body too large: the limit is ${limit} bytes (BODY_LIMIT_BYTES).`,
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      },
    ],
  });
}

export function bodyLimitPlugin(limit: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared > limit) {
        endResponse(
          new fetchAPI.Response(tooLargeBody(limit), { status: 413, headers: { 'content-type': 'application/json' } }),
        );
      }
    },
  };
}

/**
 * A body of unknown length cannot be held to the cap before it is read:
 * such requests are refused with 411 (every fetch or GraphQL client sends
 * Content-Length for a JSON body).
 */
export function refuseUnsizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return false;
  res.writeHead(411, { 'content-type': 'application/json', connection: 'close' });
  res.end(
    JSON.stringify({
      errors: [
        {
          message: 'A request body needs a Content-Length header (chunked bodies are not accepted).',
          extensions: { code: 'LENGTH_REQUIRED' },
        },
      ],
    }),
  );
  return true;
}
