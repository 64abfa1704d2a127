// axe-core on every consumer page, in English and Spanish, on a 390×844 screen:
// no serious or critical violations, including a form showing its errors.

import { describe, expect, it } from 'vitest';
import {
  chromiumAvailability,
  openMobilePage,
  seriousAccessibilityViolations,
  useChromium,
  useListeningConsumerApp,
} from '../support/browser.js';
import { CONSUMER_PAGES } from '../support/consumer-pages.js';

const chromium = chromiumAvailability();

// The not-found page too: a consumer reaches it by a mistyped or outdated link.
const PAGES = [...CONSUMER_PAGES, '/no-such-page'];
const LOCALES = ['en-US', 'es-US'];

describe.skipIf(!chromium.available)('accessibility of the consumer pages', () => {
  const harness = useListeningConsumerApp();
  const browser = useChromium();

  for (const locale of LOCALES) {
    it.each(PAGES)(`%s (${locale}) has no serious or critical violations`, async (path) => {
      const { context, page } = await openMobilePage(browser, { locale, headers: { 'Sec-GPC': '1' } });
      await page.goto(`${harness.baseUrl}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    });

    it(`a form showing its errors (${locale}) has no serious or critical violations, and links each error to its field`, async () => {
      const { context, page } = await openMobilePage(browser, { locale });
      await page.goto(`${harness.baseUrl}/requests/correct`);
      await page.locator('#field-email').fill('not an email');
      await page.locator('button[type=submit]').click();
      await page.waitForSelector('.error-summary');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.locator('.error-summary a[href="#field-email"]').click();
      expect(await page.locator('#field-email:focus').count()).toBe(1);
      await context.close();
    });

    it(`the minor consent page showing its errors (${locale}) has no serious or critical violations, and the choice starts unticked`, async () => {
      const { context, page } = await openMobilePage(browser, { locale });
      await page.goto(`${harness.baseUrl}/minor-consent`);
      expect(await page.locator('input[name=choice]:checked').count()).toBe(0);
      await page.locator('button[type=submit]').click();
      await page.waitForSelector('.error-summary');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.locator('.error-summary a[href="#field-choice"]').click();
      expect(await page.locator('#field-choice:focus').count()).toBe(1);
      await context.close();
    });
  }
});
