// What a deletion or correction did in each system, as the completion notice
// tells the consumer (Regs 7022(f), 7023(f)): deleted or corrected, nothing
// held, or kept under a named exception of Civ. 1798.105(d) with the categories
// kept. Nothing is said to be done unless a task did it
// (docs/legal-rules.md#deletion-and-correction-results).

import type { DeletionException } from '../lifecycle/index.js';
import type { ReportedSystem, SystemTaskResult } from './fulfilment-results.js';

export type SystemOutcome =
  | { readonly kind: 'deleted' | 'corrected' | 'no_data' }
  | {
      readonly kind: 'retained';
      readonly exception: DeletionException | null;
      readonly explanation: string | null;
      /** The categories this system keeps, from the data map. */
      readonly categoriesKept: readonly string[];
    }
  /** The task did not end with a result (waived, or failed): nothing may be claimed for this system. */
  | { readonly kind: 'not_done' };

export interface SystemResultLine {
  readonly systemKey: string;
  readonly systemName: string;
  readonly outcome: SystemOutcome;
}

/**
 * One line per system with a task for the request, in data map order. A
 * system's several tasks (e.g. a retry recorded as a new task) count by their
 * latest result; 'done' on a delete or correct task means the work was done.
 */
export function summarizeFulfilment(
  requestType: 'delete' | 'correct',
  systems: readonly ReportedSystem[],
  results: readonly SystemTaskResult[],
): SystemResultLine[] {
  return systems.flatMap((system) => {
    const tasks = results.filter((task) => task.systemKey === system.key);
    if (tasks.length === 0) return [];
    const ended = tasks.flatMap((task) => (task.result === null ? [] : [task.result]));
    const result = ended.at(-1);
    const line = (outcome: SystemOutcome): SystemResultLine[] => [
      { systemKey: system.key, systemName: system.name, outcome },
    ];
    if (result === undefined) return line({ kind: 'not_done' });
    switch (result.outcome) {
      case 'retained':
        return line({
          kind: 'retained',
          exception: result.exception ?? null,
          explanation: result.explanation ?? null,
          categoriesKept: system.categories,
        });
      case 'no_data':
        return line({ kind: 'no_data' });
      case 'deleted':
      case 'corrected':
      case 'done':
        return line({ kind: requestType === 'delete' ? 'deleted' : 'corrected' });
      default:
        return line({ kind: 'not_done' });
    }
  });
}
