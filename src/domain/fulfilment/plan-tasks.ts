// Which systems a request must be carried out in, and by when (docs/legal-rules.md#fulfilment).

import { subtractBusinessDays, type BusinessCalendar } from '../business-calendar.js';
import type { RequestState } from '../lifecycle/state.js';
import type { CORRECTABLE_FIELDS } from '../request-types.js';
import { isThirdPartySystem, type DataMap, type DataMapSystem } from './data-map.js';

type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export const TASK_KINDS = ['access', 'delete', 'correct', 'notify_opt_out', 'notify_delete'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['pending', 'running', 'waiting_callback', 'done', 'failed', 'waived'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Still to be worked: a request cannot be completed while one of its tasks is. */
export const OPEN_TASK_STATUSES = [
  'pending',
  'running',
  'waiting_callback',
  'failed',
] as const satisfies TaskStatus[];

export function isOpenTaskStatus(status: TaskStatus): boolean {
  return (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(status);
}

export type ExecutionKind = 'postgres' | 'webhook' | 'manual';

export interface PlannedTask {
  readonly systemKey: string;
  readonly kind: TaskKind;
  /** How the task is carried out: by its connector, or by the owner when the connector cannot. */
  readonly execution: ExecutionKind;
  /** Set for a system whose data is kept on deletion: the task is done as it is planned. */
  readonly retained?: { exception: string; explanation: string };
}

/**
 * The tasks a request sets off at `moment`: when work starts on a know request for specific
 * pieces (Civ. 1798.110), a delete (1798.105) or a correct (1798.106); when an opt-out of sale or
 * sharing, a limit or a Nevada opt-out is complete (1798.135(f); Regs 7026(f), 7027(g);
 * NRS 603A.345). A know request for categories only is answered from the data map itself.
 */
export function planTasks(
  state: RequestState,
  moment: 'work_started' | 'completed',
  dataMap: DataMap,
  /** What a correct request corrects (Civ. 1798.106), from the request's subject. */
  correctedField: CorrectableField | null = null,
): PlannedTask[] {
  const systems = dataMap.systems;
  if (moment === 'completed') {
    const optOut = state.type === 'opt_out' || state.type === 'limit' || state.type === 'nv_opt_out';
    return optOut ? systems.filter(isThirdPartySystem).map((system) => task(system, 'notify_opt_out')) : [];
  }
  switch (state.type) {
    case 'know':
      return state.knowScope?.specificPieces ? systems.map((system) => task(system, 'access')) : [];
    case 'delete':
      return systems.map(deletionTask);
    case 'correct':
      return correctedField === null
        ? []
        : systems
            .filter((system) => system.corrects[correctedField] !== undefined)
            .map((system) => task(system, 'correct'));
    default:
      return [];
  }
}

/** The postgres statement each kind runs; a postgres system without it is worked by its owner. */
const STATEMENT_OF_KIND = {
  access: 'access',
  delete: 'delete',
  notify_delete: 'delete',
  correct: 'correct',
  notify_opt_out: 'optOut',
} as const satisfies Record<TaskKind, string>;

function task(system: DataMapSystem, kind: TaskKind): PlannedTask {
  const { connector } = system;
  const execution =
    connector.kind === 'postgres' && connector[STATEMENT_OF_KIND[kind]] === undefined
      ? 'manual'
      : connector.kind;
  return { systemKey: system.key, kind, execution };
}

function deletionTask(system: DataMapSystem): PlannedTask {
  const planned = task(system, isThirdPartySystem(system) ? 'notify_delete' : 'delete');
  return system.retainOnDelete === undefined ? planned : { ...planned, retained: system.retainOnDelete };
}

/**
 * A task's due date: `leadBusinessDays` business days before the request's deadline, so that
 * the answer is ready in time, but never before `today`.
 */
export function taskDueDate(
  deadline: string,
  today: string,
  leadBusinessDays: number,
  calendar: BusinessCalendar,
): string {
  const dueDate = subtractBusinessDays(deadline, leadBusinessDays, calendar);
  return dueDate < today ? today : dueDate;
}
