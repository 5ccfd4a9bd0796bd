#!/usr/bin/env node
// `meetup-graph-import <file-or-dir>...`: the importer CLI as an installed
// command. The sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/importer/cli.ts');
