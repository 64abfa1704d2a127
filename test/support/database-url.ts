/** The same server and credentials, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The runtime role of the tests (test/support/global-setup.ts creates it). */
export const TEST_RUNTIME_ROLE = { name: 'rightsdesk_test_runtime', password: 'throw-away-runtime' };

/** The same server and database, signed in as the tests' runtime role. */
export function runtimeUrlFor(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = TEST_RUNTIME_ROLE.name;
  url.password = TEST_RUNTIME_ROLE.password;
  return url.toString();
}
