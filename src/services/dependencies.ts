import type { Clock } from '../clock.js';
import type { Config } from '../config/index.js';
import type { LegalPolicy } from '../config/legal-policy.js';
import type { Database } from '../db/client.js';
import type { DataMap } from '../domain/fulfilment/data-map.js';
import type { Logger } from '../logger.js';

/**
 * Everything a use case may be given, passed in as values rather than imported
 * singletons. Built once by the server (and by tests), exposed to routes as
 * `app.deps`; each use case names what it reads with `Pick<Dependencies, …>`.
 */
export interface Dependencies {
  readonly config: Config;
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: LegalPolicy;
  /**
   * The business's systems, checked at start (src/services/fulfilment/load-data-map.ts):
   * what requests' tasks run in, and what access reports and completion notices report.
   */
  readonly dataMap: DataMap;
}
