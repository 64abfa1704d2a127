// Every page a consumer can open, for the tests that visit each one (through
// app.inject and in a real browser).

export const CONSUMER_PAGES = [
  '/',
  '/requests/know',
  '/requests/delete',
  '/requests/correct',
  '/do-not-sell-or-share',
  '/limit-sensitive',
  '/requests/nevada-opt-out',
  '/requests/shine-the-light',
  '/requests/shine-the-light-suppression',
  '/agents',
  '/status',
  '/confirmation',
  '/verify/RD-0000-0000',
  '/status/RD-0000-0000/code',
  '/minor-consent',
  '/minor-consent/RD-0000-0000/opt-in',
  '/minor-consent/result/parent-pending',
] as const;
