// The completion letters' details: each system's result, as in the email, and
// whether the access report goes in the envelope (printed by staff; a letter
// carries no link).

import { summarizeFulfilment } from '../../domain/fulfilment/deletion-results.js';
import type { Dependencies } from '../dependencies.js';
import { listTaskResults } from '../fulfilment/fulfilment-repo.js';
import { listRequestIdsWithPackage } from './access-packages-repo.js';
import type { CompletionDetails } from './completion-details.js';

export async function completionDetailsForLetters(
  deps: Pick<Dependencies, 'db' | 'dataMap'>,
  requests: readonly { id: string; type: string }[],
): Promise<Map<string, CompletionDetails>> {
  const withPackage = await listRequestIdsWithPackage(
    deps.db,
    requests.map((request) => request.id),
  );
  const details = new Map<string, CompletionDetails>();
  for (const request of requests) {
    const results =
      request.type === 'delete' || request.type === 'correct'
        ? summarizeFulfilment(request.type, deps.dataMap.systems, await listTaskResults(deps.db, request.id))
        : [];
    details.set(request.id, {
      results,
      accessPackage: withPackage.has(request.id) ? { link: null, expires: '', downloadLimit: 0 } : null,
    });
  }
  return details;
}
