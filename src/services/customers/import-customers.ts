// `customers:import <file.csv>`: the business's customer directory, upserted by
// account number so that importing the same file twice changes nothing.

import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import { normalizeAccountNumber } from '../../domain/identity-matching.js';
import { AddressSchema, PhoneSchema } from '../requests/request-schemas.js';

/** The CSV header, one column per field; empty cells are absent values. */
export const CUSTOMER_CSV_COLUMNS = [
  'account_number',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'last_interaction_date',
] as const;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const CustomerRowSchema = z
  .object({
    account_number: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .transform(normalizeAccountNumber)
      .pipe(z.string().regex(/^[A-Z0-9]+$/, { error: 'letters, digits, spaces and dashes only' })),
    first_name: z.string().trim().min(1).max(100),
    last_name: z.string().trim().min(1).max(100),
    email: optional(
      z
        .string()
        .trim()
        .max(254)
        .pipe(z.email())
        .transform((email) => email.toLowerCase()),
    ),
    phone: optional(PhoneSchema),
    address_line1: optional(z.string()),
    address_line2: optional(z.string()),
    city: optional(z.string()),
    state: optional(z.string()),
    postal_code: optional(z.string()),
    last_interaction_date: optional(z.iso.date()),
  })
  .transform((row, context) => {
    const parts = [row.address_line1, row.city, row.state, row.postal_code];
    let address: z.output<typeof AddressSchema> | null = null;
    if (parts.some((part) => part !== undefined)) {
      const parsed = AddressSchema.safeParse({
        line1: row.address_line1 ?? '',
        line2: row.address_line2,
        city: row.city ?? '',
        state: row.state ?? '',
        postalCode: row.postal_code ?? '',
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          context.issues.push({
            code: 'custom',
            input: row,
            path: ['address', ...issue.path],
            message: issue.message,
          });
        }
        return z.NEVER;
      }
      address = parsed.data;
    }
    return {
      accountNumber: row.account_number,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email ?? null,
      phone: row.phone ?? null,
      address,
      lastInteractionDate: row.last_interaction_date ?? null,
    };
  });
export type CustomerRow = z.output<typeof CustomerRowSchema>;

export interface CustomerImportReport {
  /** Rows inserted or updated. */
  upserted: number;
  /** Line numbers of the file (the header is line 1) with the fields at fault; never their values. */
  rejected: { line: number; problems: string[] }[];
}

const BATCH_SIZE = 1000;

export async function importCustomersCsv(
  db: Database,
  file: string,
  now: Date,
): Promise<CustomerImportReport> {
  const report: CustomerImportReport = { upserted: 0, rejected: [] };
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }),
  );
  let batch: CustomerRow[] = [];
  let line = 1;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    line += 1;
    const parsed = CustomerRowSchema.safeParse(record);
    if (!parsed.success) {
      report.rejected.push({
        line,
        problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`),
      });
      continue;
    }
    batch.push(parsed.data);
    if (batch.length >= BATCH_SIZE) {
      report.upserted += await upsertCustomers(db, batch, now);
      batch = [];
    }
  }
  if (batch.length > 0) report.upserted += await upsertCustomers(db, batch, now);
  return report;
}

/** One statement per batch; a later row with the same account number wins. */
export async function upsertCustomers(
  db: Database,
  rows: readonly CustomerRow[],
  now: Date,
): Promise<number> {
  const unique = [...new Map(rows.map((row) => [row.accountNumber, row])).values()];
  const column = <T>(pick: (row: CustomerRow) => T) => unique.map(pick);
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
