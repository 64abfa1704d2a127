// What a command of `npm run cli` is given and how it refuses (src/cli.ts).

import type { Dependencies } from '../services/dependencies.js';

export interface CommandInput {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
  databaseUrl: string;
  /** The owner role's URL: for migrations. */
  ownerUrl: string;
  /** Runs `work` with the use cases' dependencies, on the command's database. */
  withDependencies<T>(work: (deps: Dependencies) => Promise<T>): Promise<T>;
}

export interface Command {
  usage: string;
  /** Options that take a value (`--name <n>`); any other `--flag` is a boolean. */
  valueOptions?: readonly string[];
  run(input: CommandInput): Promise<void>;
}

/** A refusal with its message: printed, exit code 2. */
export class UsageError extends Error {}
