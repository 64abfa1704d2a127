// The completion notice of a deletion tells the consumer, in their language,
// what each system did: deleted, nothing held, or kept under a named exception
// with what is kept (Regs 7022(f)); a system whose task did not end with a
// result is never said to be done.

import { describe, expect, it } from 'vitest';
import type { SystemTaskResult } from '../src/domain/fulfilment/fulfilment-results.js';
import type { Language } from '../src/i18n/index.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { useConsumerTestApp } from './support/consumer.js';
import { DATA_MAP, settleTasks } from './support/fulfilment.js';
import { requestTakenTo, STAFF, submission } from './support/services.js';

const harness = useConsumerTestApp({ dataMap: DATA_MAP });

const DELETE_RESULTS: readonly SystemTaskResult[] = [
  { systemKey: 'crm', kind: 'delete', status: 'done', result: { outcome: 'deleted' } },
  {
    systemKey: 'billing',
    kind: 'delete',
    status: 'done',
    result: {
      outcome: 'retained',
      exception: 'legal_obligation',
      explanation: 'Invoices are kept for seven years for tax law.',
    },
  },
  { systemKey: 'adtech', kind: 'notify_delete', status: 'waived', result: null },
];

/** A request carried out in the data map's systems, its tasks ended as `results`, completed and its notice delivered. */
async function completed(
  type: 'delete' | 'correct',
  email: string,
  language: Language,
  results: readonly SystemTaskResult[],
) {
  const deps = harness.app.deps;
  const id = await requestTakenTo(deps, { input: submission(type), email, language, stage: 'started' });
  await settleTasks(harness.db, id, results);
  await applyRequestCommand(deps, {
    requestId: id,
    action: { kind: 'complete', summary: 'Deleted where the law allows.' },
    actor: STAFF,
  });
  return harness.mailTo(email, (mail) => mail.text.includes('Deleted where the law allows.'));
}

describe('the completion notice of a deletion', () => {
  it('says per system what was deleted and what was kept, with the exception and the categories kept', async () => {
    const mail = await completed('delete', 'del.en@example.com', 'en', DELETE_RESULTS);
    expect(mail.text).toContain('Customer CRM: we deleted your personal information.');
    expect(mail.text).toContain(
      'Billing: we kept commercial information (such as services bought, billing history), to comply with a legal obligation (Civ. Code 1798.105(d)(8)). Invoices are kept for seven years for tax law.',
    );
    expect(mail.text).toContain('Advertising partner: we could not confirm that this was done');
    expect(mail.text).not.toContain('Advertising partner: we deleted');
  });

  it('says it in Spanish to a consumer who asked in Spanish', async () => {
    const mail = await completed('delete', 'del.es@example.com', 'es', DELETE_RESULTS);
    expect(mail.text).toContain('Customer CRM: eliminamos su información personal.');
    expect(mail.text).toContain('Billing: conservamos información comercial');
    expect(mail.text).toContain('1798.105(d)(8)');
  });

  it('names no system when no task ran for the request (a correction of a piece no system holds)', async () => {
    const mail = await completed('correct', 'cor.none@example.com', 'en', []);
    expect(mail.text).not.toContain('What we did in each of our systems');
  });
});
