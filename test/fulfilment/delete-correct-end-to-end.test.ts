// Deletion and correction carried out for real in the sample telecom's systems by the
// fulfilment worker: the rows mapped for deletion are gone, billing is kept under its legal
// obligation and the completion email says so (Regs 7022(f)), the advertising partner got a
// privacy_request.delete whose Standard Webhooks signature verifies by our own HMAC-SHA256,
// and a correction changed the value in the telecom's database (Civ. 1798.106).

import { describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { CUSTOMERS, startFulfilmentSetting, submitForCustomer } from '../support/demo-fulfilment.js';
import { settleTasks } from '../support/fulfilment.js';
import { STAFF, VERIFY_TWO_POINTS } from '../support/services.js';
import { useDuringSuite } from '../support/suite.js';

const setting = useDuringSuite(startFulfilmentSetting, (started) => started.close());

async function verifiedAndStarted(requestId: string) {
  const deps = setting.harness.app.deps;
  await applyRequestCommand(deps, { requestId, action: VERIFY_TWO_POINTS, actor: STAFF });
  await applyRequestCommand(deps, { requestId, action: { kind: 'start' }, actor: STAFF });
}

async function completed(requestId: string, summary: string) {
  const deps = setting.harness.app.deps;
  await applyRequestCommand(deps, { requestId, action: { kind: 'complete', summary }, actor: STAFF });
}

describe('deletion and correction in the sample telecom', () => {
  it('deletes the mapped rows, keeps billing under its legal obligation and says so, and signs the partner’s delete', async () => {
    const { harness, receiver } = setting;
    const customer = CUSTOMERS[2]!;
    const email = customer.email!;
    const invoicesBefore = await setting.invoiceCount(email);
    expect(invoicesBefore).toBeGreaterThan(0);
    const requestId = await submitForCustomer(harness.app.deps, customer, 'delete');
    await verifiedAndStarted(requestId);

    expect(await setting.tasksSettled(requestId)).toEqual({
      crm: 'done',
      billing: 'done',
      adtech: 'done',
      call_recordings: 'pending',
    });
    await settleTasks(harness.db, requestId, [
      { systemKey: 'call_recordings', kind: 'delete', status: 'done', result: { outcome: 'deleted' } },
    ]);
    await completed(requestId, 'We deleted your personal information where the law allows.');

    expect(await setting.telecomRow(email)).toBeUndefined();
    expect(await setting.invoiceCount(email)).toBe(invoicesBefore);
    expect(await setting.telecomRow(CUSTOMERS[3]!.email!)).toBeDefined();

    const deletes = receiver.deliveries.filter((delivery) => delivery.body.type === 'privacy_request.delete');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.body.data.identity).toMatchObject({ email });
    // Checked by the receiver with node:crypto alone: HMAC-SHA256 over "id.timestamp.body".
    expect(deletes[0]!.signatureValid).toBe(true);

    const notice = await harness.mailTo(email, (mail) => mail.text.includes('where the law allows'));
    expect(notice.text).toContain('Customer CRM: we deleted your personal information.');
    expect(notice.text).toContain('Billing: we kept');
    expect(notice.text).toContain('to comply with a legal obligation (Civ. Code 1798.105(d)(8))');
    expect(notice.text).toContain('Invoices are kept for seven years.');
  });

  it('corrects the value in the system that holds it, and the completion email says so', async () => {
    const { harness } = setting;
    const customer = CUSTOMERS[3]!;
    const email = customer.email!;
    const current = (await setting.telecomRow(email))!.postal_address!;
    const requestedValue = '77 Harbor View Rd, Oakland, CA, 94607';
    const requestId = await submitForCustomer(harness.app.deps, customer, 'correct', {
      correction: { field: 'postal_address', currentValue: current, requestedValue },
    });
    await verifiedAndStarted(requestId);

    expect(await setting.tasksSettled(requestId)).toEqual({ crm: 'done' });
    await completed(requestId, 'We corrected your address.');

    expect((await setting.telecomRow(email))!.postal_address).toBe(requestedValue);
    const notice = await harness.mailTo(email, (mail) => mail.text.includes('We corrected your address.'));
    expect(notice.text).toContain('Customer CRM: we corrected your personal information.');
  });
});
