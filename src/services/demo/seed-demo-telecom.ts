// The sample telecom's systems for real (docs/legal-rules.md#access-reports): a
// second PostgreSQL database holding the demo customers' profiles, invoices,
// call detail records and support tickets, which the sample data map
// (config/data-map.sample.yaml) answers know, delete and correct requests from.

import type { Database } from '../../db/client.js';
import type { CustomerRecordInput } from '../customers/customers-repo.js';
import { markDemoInstalled } from './demo-repo.js';
import { createDemoTelecomDatabase, rebuildDemoTelecom } from './demo-telecom-repo.js';

/**
 * Builds the telecom's database, then marks the demo installed, so that a server with no
 * DATA_MAP_FILE works from the sample map. Answers the database's name (never its URL, which
 * may hold a password).
 */
export async function seedDemoTelecom(
  { db, databaseUrl, ownerUrl }: { db: Database; databaseUrl: string; ownerUrl: string },
  customers: readonly CustomerRecordInput[],
): Promise<{ databaseName: string }> {
  const telecomUrl = await createDemoTelecomDatabase(databaseUrl, ownerUrl);
  await rebuildDemoTelecom(
    telecomUrl,
    customers.map((customer) => ({
      accountNumber: customer.accountNumber,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email ?? null,
      phone: customer.phone ?? null,
      postalAddress: [
        customer.address?.line1,
        customer.address?.city,
        customer.address?.state,
        customer.address?.postalCode,
      ]
        .filter(Boolean)
        .join(', '),
    })),
  );
  await markDemoInstalled(db);
  return { databaseName: decodeURIComponent(new URL(telecomUrl).pathname.slice(1)) };
}
