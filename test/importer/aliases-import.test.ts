// The aliases the parser reads are stored with the person and company they
// belong to, through the modules' alias functions (real embedded database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/importer/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
let dir: string;
beforeEach(async () => {
  app = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'mg-aliases-'));
});
afterEach(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const POST = `---
layout: post
title: "Platform Tinkerers Leeds October 2033"
description: "hosted by Priya Ravensworth, Organiser at Lanternfish"
---

Thanks to our sponsors Lanternfish and Harbour Analytics Group (HAG).

Dr Ada Quill from Brindle presented [Tiny Clusters](https://v.example/1) (starting at 1:00). Her takeaways:

- small is fast
`;

describe('importing aliases', () => {
  it('stores "Dr Ada Quill" as an alias of Ada Quill and "HAG" of Harbour Analytics Group', async () => {
    const file = join(dir, '2033-10-05-platform-tinkerers-leeds-october-2033.md');
    writeFileSync(file, POST);
    const summary = await importFiles(app.database.db, [file]);
    expect(summary).toMatchObject({ created: 1, failed: 0 });
    const result = await app.gql(`{ events { nodes {
      talks { speakers { person { name aliases } } }
      sponsorships { company { name aliases } }
    } } }`);
    expect(result.errors).toBeUndefined();
    const [event] = (result.data as any).events.nodes;
    expect(event.talks[0].speakers[0].person).toEqual({ name: 'Ada Quill', aliases: ['Dr Ada Quill'] });
    const hag = event.sponsorships.map((s: any) => s.company).find((c: any) => c.name === 'Harbour Analytics Group');
    expect(hag?.aliases).toContain('HAG');
  });
});
