import { type ParseArgsConfig, parseArgs } from 'node:util';

// One way every command-line tool of the project reads its flags:
// node:util's parseArgs, strict, so an unknown or malformed flag is a usage
// error (exit code 2) that names it instead of being ignored.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE_EXIT_CODE = 2;

export function parseCommandLine<T extends ParseArgsConfig['options']>(
  options: T,
  args: string[] = process.argv.slice(2),
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs a tool's main function and exits with its code; a UsageError prints
 * its message and the usage text on stderr and exits 2, anything else exits
 * 1 with `name failed: reason`.
 */
export function runCommand(name: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${name}: ${error.message}\n${usage}`);
        process.exit(USAGE_EXIT_CODE);
      }
      console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
