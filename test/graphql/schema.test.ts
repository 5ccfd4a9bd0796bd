import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema, SCHEMA_PATH } from '../../src/graphql/print-schema.ts';
import { clientOperation, OPERATIONS_DIR } from '../helpers/operations.ts';

describe('schema artifact', () => {
  it('schema/schema.graphql is what the code prints (run npm run schema:print after changing the schema)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(printedSchema());
  });

  it.each(readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql')))(
    'the client operations in %s validate',
    (file) => {
      const schema = buildSchema(printedSchema());
      expect(validate(schema, parse(clientOperation(file))).map((e) => e.message)).toEqual([]);
    },
  );

  it('prints deterministically', () => {
    const again = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { printedSchema } = await import('./src/graphql/print-schema.ts');
      process.stdout.write(printedSchema());
    `,
      ],
      { encoding: 'utf8', cwd: process.cwd() },
    );
    expect(again).toBe(printedSchema());
  });
});
