// Work started on a know (specific pieces), delete or correct request: one task per system
// concerned, written in the statement of the decision (docs/legal-rules.md#fulfilment).
// Completed opt-outs are told to the systems that sell or share by the worker, from the
// outbox row recordDecision writes (FULFILMENT_PLAN_OPT_OUT_TOPIC), since an opt-out is often
// completed in the very statement that receives it.

import type { Database, Transaction } from '../../db/client.js';
import type { Actor } from '../../domain/audit-events.js';
import { businessDateOf } from '../../domain/business-date.js';
import { planTasks, taskDueDate } from '../../domain/fulfilment/plan-tasks.js';
import type { RequestState } from '../../domain/lifecycle/index.js';
import { CORRECTABLE_FIELDS } from '../../domain/request-types.js';
import type { Dependencies } from '../dependencies.js';
import { findRequestSubject } from '../requests/requests-repo.js';
import {
  insertPlannedTasks,
  startedTasksOf,
  type PlannedTaskInsert,
  type PlannedTaskRecords,
  type StartedTasks,
} from './fulfilment-repo.js';
import { MANUAL_TASK_ASSIGNED_TOPIC } from './fulfilment-topics.js';

type PlanDependencies = Pick<Dependencies, 'dataMap' | 'policy' | 'config'>;

interface PlanInput {
  state: RequestState;
  moment: 'work_started' | 'completed';
  actor: Actor;
  now: Date;
}

/** Plans the tasks `moment` sets off for `state`, in `tx`; answers their ids. */
export async function planRequestTasks(
  tx: Transaction,
  deps: PlanDependencies,
  input: PlanInput,
): Promise<string[]> {
  const plan = await taskPlanOf(tx, deps, input);
  if (plan === null) return [];
  const inserted = await insertPlannedTasks(tx, plan.insert, plan.recordsOf);
  return inserted.map(({ id }) => id);
}

/** The tasks work starting plans, to be written in the statement of the decision that starts it; null when none. */
export async function startedTasksFor(
  db: Database | Transaction,
  deps: PlanDependencies,
  input: Omit<PlanInput, 'moment'>,
): Promise<StartedTasks | null> {
  const plan = await taskPlanOf(db, deps, { ...input, moment: 'work_started' });
  return plan === null ? null : startedTasksOf(plan.insert, plan.recordsOf);
}

async function taskPlanOf(
  tx: Database | Transaction,
  deps: PlanDependencies,
  { state, moment, actor, now }: PlanInput,
): Promise<{ insert: PlannedTaskInsert; recordsOf: PlannedTaskRecords } | null> {
  if (deps.dataMap.systems.length === 0) return null;
  const correctedField = state.type === 'correct' ? await correctedFieldOf(tx, state.requestId) : null;
  const planned = planTasks(state, moment, deps.dataMap, correctedField);
  if (planned.length === 0) return null;
  const { deadlines } = state;
  const deadline =
    deadlines.extended && deadlines.extendedRespondBy ? deadlines.extendedRespondBy : deadlines.respondBy;
  const dueDate = taskDueDate(
    deadline,
    businessDateOf(now, deps.policy.lifecycle.timeZone),
    deps.config.FULFILMENT_TASK_LEAD_BUSINESS_DAYS,
    deps.policy.deadlines.calendar,
  );
  return {
    insert: { requestId: state.requestId, planned, dueDate, now },
    recordsOf: (tasks) => ({
      audit: {
        actor,
        requestId: state.requestId,
        events: [{ action: 'fulfilment.tasks_planned', payload: { taskIds: tasks.map(({ id }) => id) } }],
      },
      // Owners learn of their manual tasks, with the due date, by email after commit.
      outbox: tasks
        .filter(({ task }) => task.execution === 'manual' && task.retained === undefined)
        .map(({ id }) => ({ topic: MANUAL_TASK_ASSIGNED_TOPIC, payload: { taskId: id } })),
    }),
  };
}

async function correctedFieldOf(tx: Database | Transaction, requestId: string) {
  const subject = await findRequestSubject(tx, requestId);
  const field = (subject?.correction as { field?: unknown } | null)?.field;
  return CORRECTABLE_FIELDS.find((known) => known === field) ?? null;
}
