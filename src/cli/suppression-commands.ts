// The Shine the Light suppression list (Civ. 1798.83(c)(2)) from the command
// line, for the business's marketing partners: CSV to stdout or to a file.

import { writeFile } from 'node:fs/promises';
import type { Actor } from '../domain/audit-events.js';
import { exportSuppressionList } from '../services/preferences/export-suppression-list.js';
import type { Command } from './command.js';

/** Exported from a shell: audited as the system's, done by an operator. */
const CLI_ACTOR: Actor = { type: 'system', id: 'cli' };

export const SUPPRESSION_COMMANDS: Record<string, Command> = {
  'suppression:export': {
    usage:
      'suppression:export [--out <file>]  the Shine the Light suppression list as CSV (identity, date added), to stdout or a file',
    valueOptions: ['out'],
    async run({ options, withDependencies }) {
      const { csv, identities } = await withDependencies((deps) =>
        exportSuppressionList(deps, { actor: CLI_ACTOR }),
      );
      if (typeof options.out === 'string') {
        // Readable by its owner only: the file holds consumers' email addresses and phone numbers.
        await writeFile(options.out, csv, { mode: 0o600 });
        console.log(`Wrote ${identities} identities to ${options.out}.`);
      } else {
        process.stdout.write(csv);
      }
    },
  },
};
