// The business's customer directory as rows, stored normalised so that finding a
// requester's records is an index lookup (docs/legal-rules.md#matching).

import type { Database, Transaction } from '../../db/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import type { Customer } from '../../db/generated/client.js';

/** One customer record as imported: email in lower case, phone in E.164. */
export interface CustomerRecordInput {
  accountNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  address: {
    line1: string;
    line2?: string | null | undefined;
    city: string;
    state: string;
    postalCode: string;
  } | null;
  /** YYYY-MM-DD. */
  lastInteractionDate: string | null;
}

/** Values that single out records, each answered by an index. */
export type CustomerLookup =
  | { accountNumber: string }
  | { email: string }
  | { phone: string }
  | { lastName: string; addressPostalCode: string };

/** At most `take` records matching any of the lookups (none for no lookup). */
export function findCustomers(
  db: Database | Transaction,
  lookups: readonly CustomerLookup[],
  take: number,
): Promise<Customer[]> {
  return db.customer.findMany({ where: { OR: [...lookups] }, take });
}

/** One statement per batch; a later row with the same account number wins. */
export async function upsertCustomers(
  db: Database,
  rows: readonly CustomerRecordInput[],
  now: Date,
): Promise<number> {
  const unique = [...new Map(rows.map((row) => [row.accountNumber, row])).values()];
  const column = <T>(pick: (row: CustomerRecordInput) => T) => unique.map(pick);
  return db.$executeRaw`
    INSERT INTO customers (id, account_number, first_name, last_name, email, phone, address_line1,
                           address_line2, address_city, address_state, address_postal_code,
                           last_interaction_date, created_at, updated_at)
    SELECT gen_random_uuid(), t.* , ${now}, ${now}
      FROM unnest(${column((row) => row.accountNumber)}::text[], ${column((row) => row.firstName)}::text[],
                  ${column((row) => row.lastName)}::text[], ${column((row) => row.email)}::text[],
                  ${column((row) => row.phone)}::text[], ${column((row) => row.address?.line1 ?? null)}::text[],
                  ${column((row) => row.address?.line2 ?? null)}::text[],
                  ${column((row) => row.address?.city ?? null)}::text[],
                  ${column((row) => row.address?.state ?? null)}::text[],
                  ${column((row) => row.address?.postalCode ?? null)}::text[],
                  ${column((row) => (row.lastInteractionDate === null ? null : toDateColumn(row.lastInteractionDate)))}::date[])
           AS t(account_number, first_name, last_name, email, phone, address_line1, address_line2,
                address_city, address_state, address_postal_code, last_interaction_date)
    ON CONFLICT (account_number) DO UPDATE SET
      first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
      phone = EXCLUDED.phone, address_line1 = EXCLUDED.address_line1, address_line2 = EXCLUDED.address_line2,
      address_city = EXCLUDED.address_city, address_state = EXCLUDED.address_state,
      address_postal_code = EXCLUDED.address_postal_code, last_interaction_date = EXCLUDED.last_interaction_date,
      updated_at = EXCLUDED.updated_at`;
}
