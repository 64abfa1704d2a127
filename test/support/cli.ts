import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

interface CliResult {
  code: number;
  lines: string[];
  errors: string;
}

/** `npm run cli -- <args>` against the database at `databaseUrl`: exit code, output lines and error output. */
export function runCli(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  return runCliWith({ DATABASE_URL: databaseUrl }, ...args);
}

/** `npm run cli -- <args>` with these settings (none: the embedded database under DATA_DIR). */
export async function runCliWith(environment: Record<string, string>, ...args: string[]): Promise<CliResult> {
  const { stdout, stderr, code } = await promisify(execFile)(
    'node_modules/.bin/tsx',
    ['src/cli.ts', ...args],
    {
      env: { ...process.env, LOG_FORMAT: 'json', ...environment },
    },
  ).then(
    (output) => ({ ...output, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => error,
  );
  return { code, lines: stdout.trimEnd().split('\n'), errors: stderr };
}
