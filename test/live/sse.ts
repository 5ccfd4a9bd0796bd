// Reads a graphql-sse (distinct connections) response as it arrives:
// `event: next` / `data: {...}` blocks, `event: complete` at the end, `:`
// ping comments. Reading starts at once, so the server's stream is pulled
// (and its subscription started) before the test writes anything.

export interface SseReader {
  /** The next `next` payload; null when the stream completed or ended; rejects after timeoutMs. */
  next(timeoutMs?: number): Promise<Record<string, any> | null>;
  close(): Promise<void>;
  /** How many ping comments arrived so far. */
  pings(): number;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let pings = 0;
  let done = false;
  const pending: (Record<string, any> | null)[] = [];
  const waker: { wake: (() => void) | null } = { wake: null };

  const parse = () => {
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n').filter(Boolean);
      if (lines.length > 0 && lines.every((line) => line.startsWith(':'))) pings += 1;
      const event = lines
        .find((line) => line.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .find((line) => line.startsWith('data:'))
        ?.slice(5)
        .trim();
      if (event === 'complete') pending.push(null);
      else if (data) pending.push(JSON.parse(data));
      end = buffer.indexOf('\n\n');
    }
  };

  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        parse();
        waker.wake?.();
      }
    } catch {
      // cancelled
    }
    done = true;
    waker.wake?.();
  })();

  return {
    async next(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (pending.length === 0 && !done) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        await new Promise<void>((resolve) => {
          waker.wake = resolve;
          setTimeout(resolve, left);
        });
        waker.wake = null;
      }
      return pending.length ? (pending.shift() ?? null) : null;
    },
    async close() {
      await reader.cancel().catch(() => {});
    },
    pings: () => pings,
  };
}
