// Where the completion notice reads what a request's tasks did: the data map's
// systems and the results recorded for the request. Given to the mail worker
// as a dependency by whoever runs the tasks; without it, notices say nothing of
// systems (and so claim nothing was done in them).

import type { Database, Transaction } from '../../db/client.js';
import type { DataMap } from '../../domain/fulfilment/data-map.js';
import type { ReportedSystem, SystemTaskResult } from '../../domain/fulfilment/fulfilment-results.js';
import { listTaskResults } from '../fulfilment/fulfilment-repo.js';

export interface FulfilmentResultsSource {
  readonly systems: readonly ReportedSystem[];
  listTaskResults(db: Database | Transaction, requestId: string): Promise<readonly SystemTaskResult[]>;
}

/** The source for a data map: its systems, and the results the fulfilment tasks recorded. */
export function fulfilmentResultsOf(dataMap: DataMap): FulfilmentResultsSource {
  return { systems: dataMap.systems, listTaskResults };
}
