// Staff mail about fulfilment tasks, in English like the console: a system owner's new manual
// task with its due date, and the alert when a task fails for good, to the system's owner and
// the request's assigned officer. Ids and system names only: no consumer data leaves in them.

import type { Config } from '../config/index.js';
import type { Database } from '../db/client.js';
import { fromDateColumn } from '../db/date-columns.js';
import type { DataMap } from '../domain/fulfilment/data-map.js';
import type { OutgoingMessage } from '../mail/mailer.js';
import { escapeHtml } from '../mail/templates.js';
import { findTask } from '../services/fulfilment/fulfilment-repo.js';
import { MANUAL_TASK_ASSIGNED_TOPIC, TASK_FAILED_TOPIC } from '../services/fulfilment/fulfilment-topics.js';
import { findRequest } from '../services/requests/requests-repo.js';
import { findStaffUser } from '../services/staff-accounts/staff-accounts-repo.js';

const KIND_WORDS: Readonly<Record<string, string>> = {
  access: 'find and export the personal information held about a consumer',
  delete: 'delete a consumer’s personal information',
  notify_delete: 'delete a consumer’s personal information',
  correct: 'correct a consumer’s personal information',
  notify_opt_out: 'stop selling or sharing a consumer’s personal information',
};

export async function prepareFulfilmentMail(
  context: { db: Database; config: Config; dataMap: DataMap },
  topic: string,
  payload: Record<string, unknown>,
): Promise<{ kind: 'send'; message: OutgoingMessage } | { kind: 'skip' }> {
  const task = await findTask(context.db, String(payload.taskId));
  const request = task === null ? null : await findRequest(context.db, task.requestId);
  if (task === null || request === null) return { kind: 'skip' };
  const system = context.dataMap.systems.find((candidate) => candidate.key === task.systemKey);
  const assignee =
    request.row.assigneeId === null ? null : await findStaffUser(context.db, request.row.assigneeId);
  const link = new URL(`/staff/tasks/${task.id}`, context.config.PUBLIC_BASE_URL).toString();
  const name = system?.name ?? task.systemKey;
  const due = fromDateColumn(task.dueDate);
  const what = KIND_WORDS[task.kind] ?? task.kind;

  let recipients: string[];
  let subject: string;
  let paragraphs: string[];
  if (topic === MANUAL_TASK_ASSIGNED_TOPIC) {
    if (task.status !== 'pending') return { kind: 'skip' };
    recipients = [system?.owner ?? ''];
    subject = `Privacy task for ${name}, due ${due} (${request.row.reference})`;
    paragraphs = [
      `Privacy request ${request.row.reference} needs you to ${what} in ${name}.`,
      `Please do it and record the outcome by ${due}: ${link}`,
    ];
  } else if (topic === TASK_FAILED_TOPIC) {
    if (task.status !== 'failed') return { kind: 'skip' };
    recipients = [system?.owner ?? '', assignee?.email ?? ''];
    subject = `Privacy task failed in ${name} (${request.row.reference})`;
    paragraphs = [
      `The task to ${what} in ${name} for request ${request.row.reference} failed after ${task.attempts} attempt(s): ${task.lastError ?? 'no answer'}.`,
      `It is due ${due}. Fix the system and retry it, or waive it with a reason: ${link}`,
    ];
  } else {
    return { kind: 'skip' };
  }
  const to = [...new Set(recipients.filter(Boolean))].join(', ');
  if (to === '') return { kind: 'skip' };
  return {
    kind: 'send',
    message: {
      to,
      language: 'en',
      subject,
      text: paragraphs.join('\n\n'),
      html: `<html lang="en"><body>${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('')}</body></html>`,
    },
  };
}
