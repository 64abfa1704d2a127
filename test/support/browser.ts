// Real headless Chromium (Debian's chromium, found on PATH) driven by playwright-core,
// against the real app listening on a loopback port, with its mail worker
// pointed at a real SMTP server the test runs.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { NO_RATE_LIMITS, type TestAppOptions } from './app.js';
import { startConsumerTestApp, type ConsumerTestApp } from './consumer.js';
import { freePort } from './server-process.js';
import type { ReceivedMail } from './smtp.js';
import { STAFF_PASSWORD, totpCode, type TestStaffUser } from './staff.js';
import { useDuringSuite } from './suite.js';

/** The `chromium` that `which chromium` finds, like a person typing it would run. */
const CHROMIUM_PATH =
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((directory) => path.join(directory, 'chromium'))
    .find((candidate) => existsSync(candidate)) ?? '/usr/bin/chromium';
const MOBILE_VIEWPORT = { width: 390, height: 844 };

const CHROMIUM_ARGUMENTS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Browser tests run wherever Chromium is installed. Without it they are skipped,
 * saying why, on a developer's machine; in CI (CI set) a missing Chromium fails.
 */
export function chromiumAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true, reason: '' };
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`Browser tests cannot run in CI: ${reason}`);
  console.warn(`Skipping browser tests: ${reason}.`);
  return { available: false, reason };
}

/** Chromium launched before the tests of the describe block, closed after them. */
export function useChromium(): Browser {
  return useDuringSuite(
    () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGUMENTS, headless: true }),
    (browser) => browser.close(),
  );
}

export interface ListeningConsumerApp extends ConsumerTestApp {
  baseUrl: string;
}

/**
 * The app on an ephemeral loopback port (links in its emails point at that port),
 * started before the tests of the describe block and closed after them.
 */
export function useListeningConsumerApp(): ListeningConsumerApp {
  return useDuringSuite(
    () => startListeningConsumerApp(),
    (harness) => harness.close(),
  );
}

/** The app on an ephemeral loopback port; `options` as for startTestApp, their environment added to the port's. */
export async function startListeningConsumerApp(options: TestAppOptions = {}): Promise<ListeningConsumerApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness = await startConsumerTestApp({
    ...options,
    environment: { PUBLIC_BASE_URL: baseUrl, ...NO_RATE_LIMITS, ...options.environment },
  });
  await harness.app.listen({ port, host: '127.0.0.1' });
  return { ...harness, baseUrl };
}

/** A phone-sized browser context; `locale` sets Accept-Language. */
export async function openMobilePage(
  browser: Browser,
  options: { locale?: string; headers?: Record<string, string> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: MOBILE_VIEWPORT,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
    ...(options.headers && { extraHTTPHeaders: options.headers }),
  });
  const page = await context.newPage();
  return { context, page };
}

interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it stands. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** A verification email: it carries the one-click link (and the code). */
export const isVerificationMail = (mail: ReceivedMail) => mail.text.includes('/verify?token=');

/** A small but well-formed PDF: what an agent uploads as signed permission. */
export function samplePdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
      'trailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

/** Signs `user` in to the console through its pages, with the second step when they have TOTP. */
export async function signInToConsole(page: Page, baseUrl: string, user: TestStaffUser): Promise<void> {
  await page.goto(`${baseUrl}/staff/sign-in`);
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (user.totpSecret !== null) {
    await page.waitForURL('**/staff/two-factor');
    await page.getByLabel('Code').fill(await totpCode(user.totpSecret));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}
