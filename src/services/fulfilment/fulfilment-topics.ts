// Outbox topics of fulfilment: staff mail about tasks (`mail.fulfilment_*`, sent by the mail
// worker) and the planning of opt-out notifications (`fulfilment.*`, taken by the fulfilment worker).

/** A system owner has a task to do by hand (payload: taskId); skipped for an automated task. */
export const MANUAL_TASK_ASSIGNED_TOPIC = 'mail.fulfilment_task_assigned';

/** A task failed for good: its owner and the request's officer are alerted (payload: taskId). */
export const TASK_FAILED_TOPIC = 'mail.fulfilment_task_failed';

export const FULFILMENT_MAIL_TOPICS: readonly string[] = [MANUAL_TASK_ASSIGNED_TOPIC, TASK_FAILED_TOPIC];

/** A completed opt-out, limit or Nevada opt-out is told to the systems that sell or share (payload: requestId). */
export const FULFILMENT_PLAN_OPT_OUT_TOPIC = 'fulfilment.plan_opt_out';

/** The outbox topics the fulfilment worker claims (SQL LIKE pattern). */
export const FULFILMENT_TOPIC_PATTERN = 'fulfilment.%';
