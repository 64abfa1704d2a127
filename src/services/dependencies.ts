import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import type { LegalPolicy } from './legal-policy.js';

/** What every use case needs, passed in as values (STYLE rule 10). */
export interface ServiceDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly policy: LegalPolicy;
}
