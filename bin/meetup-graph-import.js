#!/usr/bin/env node
// `npx meetup-graph-import <file-or-dir>...` (or `meetup-graph-import` after
// `npm link`): the importer CLI, compiled and bundled by `npm run build`
// (npm ci runs it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/bundle/import-cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('meetup-graph-import: the build is missing; run npm run build (npm ci does) and try again');
  process.exit(1);
}
await import(cli.href);
