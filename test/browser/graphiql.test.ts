import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// GraphiQL as a person meets it: a real headless Chromium (Debian's
// `chromium` package, driven by playwright-core) opens /graphql on a real
// server process (the compiled one `npm start` runs, when it is built), runs
// the default query and sees the real history: a person's employers over
// the years, a sponsor's longest streak, meetups with talks. Every request the page
// makes must go to this server: the page has to work on a machine with no
// internet.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`skipped: the GraphiQL browser test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

describe.skipIf(!available)('GraphiQL in a real browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meetup-graph-browser-'));
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const build = existsSync('dist/src/bundle/server.mjs') ? 'compiled' : 'source';
    server = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'true' }, 60_000, build);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exit;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders offline, runs the default query and shows the real history', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    // Requests to any other host are recorded and refused, so a page that
    // needed a CDN would both fail here and be named.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const sent: Request[] = [];
    page.on('request', (request) => sent.push(request));

    await page.goto(`${origin}/graphql`, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 60_000 });
    await expect(page.title()).resolves.toBe('meetup-graph');

    const answer = page.waitForResponse(
      (response) =>
        response.url().startsWith(`${origin}/graphql`) &&
        response.request().method() === 'POST' &&
        (response.request().postData() ?? '').includes('query History'),
      { timeout: 60_000 },
    );
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answer).json()) as {
      data: {
        person: { affiliations: { company: { name: string }; from: string }[] };
        company: { sponsorshipSummary: { longestStreak: { length: number } } };
        events: { nodes: { title: string; talks: { title: string | null }[] }[] };
      };
    };
    const employers = new Set(body.data.person.affiliations.map((entry) => entry.company.name));
    expect(employers.size).toBeGreaterThan(1);
    expect(body.data.company.sponsorshipSummary.longestStreak.length).toBeGreaterThan(1);
    const meetups = body.data.events.nodes;
    expect(meetups.length).toBeGreaterThan(0);
    expect(meetups.every((meetup) => meetup.talks.length > 0)).toBe(true);

    // The answer is on the screen, not only on the wire.
    const firstTitle = meetups[0]?.title ?? '';
    await page.getByText(firstTitle.slice(0, 20), { exact: false }).first().waitFor({ timeout: 30_000 });

    expect(elsewhere).toEqual([]);
    expect(
      sent.map((request) => new URL(request.url()).protocol).filter((p) => p === 'http:' || p === 'https:'),
    ).not.toHaveLength(0);
    await page.close();
  }, 180_000);
});
