// The consumer's side of an access report, in Chromium: the emailed link, a
// fresh code, the ZIP downloaded, and the HTML report opened from it: the
// consumer's values from every system, none of another consumer's, no withheld
// value, and nothing serious for axe, in English and Spanish.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailability,
  openMobilePage,
  seriousAccessibilityViolations,
  useChromium,
  useListeningConsumerApp,
} from '../support/browser.js';
import { completedKnowRequest, JANE_ACCESS_RESULTS, unzip } from '../support/fulfilment.js';
import { codeIn } from '../support/smtp.js';
import type { Language } from '../../src/i18n/index.js';

const chromium = chromiumAvailability();

/** The same systems' results for another consumer, whose report Jane must never see. */
const ANN_ACCESS_RESULTS = JANE_ACCESS_RESULTS.map((task) => ({
  ...task,
  result: task.result && {
    ...task.result,
    records: (task.result.records ?? []).map((record) => ({
      ...record,
      fields: Object.fromEntries(Object.keys(record.fields).map((field) => [field, `ann-${field}-value`])),
    })),
  },
}));

describe.skipIf(!chromium.available)('the access report in Chromium', () => {
  const harness = useListeningConsumerApp();
  const browser = useChromium();

  it.each([
    ['en-US', 'en', 'jane.en@example.com', 'Email me a code', 'Held, not shown for your security'],
    [
      'es-US',
      'es',
      'jane.es@example.com',
      'Envíenme un código',
      'La tenemos; no se muestra por su seguridad',
    ],
  ])(
    "%s: link, fresh code, download, and a report with only the consumer's own values",
    async (locale, language, email, sendLabel, withheldText) => {
      const deps = harness.app.deps;
      await completedKnowRequest(deps, ANN_ACCESS_RESULTS, {
        subject: { email: `ann.${language}@example.com` },
      });
      await completedKnowRequest(deps, JANE_ACCESS_RESULTS, {
        subject: { email },
        language: language as Language,
      });
      const completion = await harness.mailTo(email, (mail) => mail.text.includes('/access-report?token='));
      const link = /(http:\/\/\S+\/access-report\?token=[A-Za-z0-9_-]+)/.exec(completion.text)?.[1] ?? '';

      const { context, page } = await openMobilePage(browser, { locale });
      await page.goto(link);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: sendLabel }).click();
      await page.waitForSelector('.notice-success');
      const code = codeIn(
        await harness.mailTo(email, (mail) => /\b\d{6}\b/.test(mail.text) && !mail.text.includes('token=')),
      );
      await page.locator('#field-code').fill(code);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('form[action="/access-report/download"] button[type=submit]').click(),
      ]);
      const zip = await readFile(await download.path());
      const html = (await unzip(zip)).get('report.html') ?? '';

      const report = await context.newPage();
      await report.setContent(html);
      expect(await report.getAttribute('html', 'lang')).toBe(language);
      const text = await report.locator('body').innerText();
      for (const value of ['jane.roe@example.com', 'Jane', '1 Market St', '84.17', 'streaming-enthusiast']) {
        expect(text).toContain(value);
      }
      expect(text).toContain(withheldText);
      expect(text).not.toContain('6789');
      expect(text).not.toContain('ann-');
      expect(await seriousAccessibilityViolations(report)).toEqual([]);
      await context.close();
    },
  );
});
