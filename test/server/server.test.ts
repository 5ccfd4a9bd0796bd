import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// The real process over real HTTP: embedded database, default graph, health,
// CSRF prevention, and an orderly SIGTERM.

const dataDir = mkdtempSync(join(tmpdir(), 'meetup-graph-server-'));
let server: ServerProcess;
let base: string;

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'true' });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('server process', () => {
  it('serves /health and /ready', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });

  it("loads Cloud Native London's history into an empty embedded database and answers queries", async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events(filter: { status: HELD }) { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { events: { totalCount: 53 } } });
  });

  it('serves GraphiQL to a browser', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('meetup-graph');
    expect(html).toContain('query History');
  });

  it('refuses cross-site form posts (CSRF prevention)', async () => {
    const form = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(form.status).toBe(403);
    expect(JSON.stringify(await form.json())).toContain('CSRF');
    const plainGet = await fetch(`${base}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json' } });
    expect(plainGet.status).toBe(403);
    const withHeader = await fetch(`${base}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses HTTP batching', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect((await response.json()).errors?.[0]?.message).toMatch(/batch/i);
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, and exits 0', async () => {
    const body = JSON.stringify({ query: '{ events(first: 1) { totalCount } }' });
    // A request whose body is still arriving when SIGTERM lands.
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk;
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The listener is closed: a new connection is refused.
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    socket.write(body.slice(10));
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(reply).toContain('"totalCount":97');
    expect(await server.exit).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');
  });
});

describe('statement headers', () => {
  it('each response says how many SQL statements it ran', async () => {
    const headerDir = mkdtempSync(join(tmpdir(), 'meetup-graph-hdr-'));
    const fresh = await startServer({ DATABASE_URL: '', DATA_DIR: headerDir, SEED_DEMO: 'true' });
    try {
      const post = (query: string) =>
        fetch(`http://127.0.0.1:${fresh.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
      const typename = await post('{ __typename }');
      expect(typename.headers.get('x-sql-statements')).toBe('0');
      // The page with its talks and total is one statement, the page of people another.
      const events = await post(
        '{ events(first: 2) { totalCount nodes { talks { title } } } people(first: 1) { nodes { slug } } }',
      );
      expect(events.headers.get('x-sql-statements')).toBe('2');
      expect(events.headers.get('server-timing')).toMatch(/^db;dur=\d+(\.\d)?$/);
    } finally {
      fresh.child.kill('SIGTERM');
      await fresh.exit;
      rmSync(headerDir, { recursive: true, force: true });
    }
  }, 120_000);
});
