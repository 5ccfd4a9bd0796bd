import type { Plugin } from 'graphql-yoga';

// Per-client-IP limits, in this process's memory: failed authentications
// (a guessed token) and, optionally, all requests. Fixed windows: a client
// past its limit gets 429 with Retry-After until its window ends. With
// several instances each counts on its own, so a client spread over N
// instances gets up to N times the limit (README).

export interface RateLimitOptions {
  /** Failed authentications per client IP and window; 0 switches it off. */
  authFailures: number;
  /** Requests per client IP and window; 0 (the default) switches it off. */
  requests: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { authFailures: 20, requests: 0, windowMs: 60_000 };

/** Clients remembered at once; past this the oldest windows are forgotten first. */
const MAX_CLIENTS = 50_000;

interface Window {
  startedAt: number;
  count: number;
}

/** Counts per key in fixed windows. */
export class FixedWindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string): Window {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_CLIENTS) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  add(key: string): void {
    this.current(key).count += 1;
  }

  /** Seconds until the key may go on, or 0 when it is under its limit. */
  retryAfter(key: string): number {
    if (this.limit <= 0) return 0;
    const window = this.current(key);
    if (window.count < this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }
}

export interface RateLimiter {
  plugin: Plugin;
  /** Called when a request's token did not authenticate. */
  authFailed(request: Request): void;
}

/** The client's address as the HTTP server saw it (no proxy headers are trusted). */
export function clientIp(serverContext: unknown): string {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? 'unknown';
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const failures = new FixedWindowCounter(options.authFailures, options.windowMs);
  const requests = new FixedWindowCounter(options.requests, options.windowMs);
  const ipOf = new WeakMap<Request, string>();
  const refuse = (fetchAPI: { Response: typeof Response }, seconds: number, what: string) =>
    new fetchAPI.Response(
      JSON.stringify({
        errors: [
          {
            message: `Too many ${what} from this address; retry in ${seconds} s`,
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      }),
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(seconds) } },
    );
  return {
    authFailed(request) {
      if (options.authFailures > 0) failures.add(ipOf.get(request) ?? 'unknown');
    },
    plugin: {
      onRequest({ request, serverContext, endResponse, fetchAPI }) {
        const ip = clientIp(serverContext);
        ipOf.set(request, ip);
        if (options.requests > 0) {
          const wait = requests.retryAfter(ip);
          if (wait > 0) return endResponse(refuse(fetchAPI, wait, 'requests'));
          requests.add(ip);
        }
        // Only requests that try a token are held back: public reads stay open.
        if (request.headers.has('authorization')) {
          const wait = failures.retryAfter(ip);
          if (wait > 0) return endResponse(refuse(fetchAPI, wait, 'failed authentications'));
        }
      },
    },
  };
}
