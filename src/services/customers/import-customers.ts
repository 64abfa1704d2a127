// `customers:import <file.csv>`: the business's customer directory, upserted by
// account number so that importing the same file twice changes nothing.

import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { normalizeAccountNumber } from '../../domain/identity-matching.js';
import type { Dependencies } from '../dependencies.js';
import { AddressSchema, PhoneSchema } from '../requests/request-schemas.js';
import { upsertCustomers, type CustomerRecordInput } from './customers-repo.js';

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

const CustomerRowSchema = z
  .object({
    account_number: storableText()
      .trim()
      .min(1)
      .max(64)
      .transform(normalizeAccountNumber)
      .pipe(storableText().regex(/^[A-Z0-9]+$/, { error: 'letters, digits, spaces and dashes only' })),
    first_name: storableText().trim().min(1).max(100),
    last_name: storableText().trim().min(1).max(100),
    email: optional(
      storableText()
        .trim()
        .max(254)
        .pipe(z.email())
        .transform((email) => email.toLowerCase()),
    ),
    phone: optional(PhoneSchema),
    address_line1: optional(storableText()),
    address_line2: optional(storableText()),
    city: optional(storableText()),
    state: optional(storableText()),
    postal_code: optional(storableText()),
    last_interaction_date: optional(z.iso.date()),
  })
  .transform((row, context): CustomerRecordInput => {
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

interface CustomerImportReport {
  /** Rows inserted or updated. */
  upserted: number;
  /** Line numbers of the file (the header is line 1) with the fields at fault; never their values. */
  rejected: { line: number; problems: string[] }[];
}

const BATCH_SIZE = 1000;

export async function importCustomersCsv(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  file: string,
): Promise<CustomerImportReport> {
  const { db } = deps;
  const now = deps.clock.now();
  const report: CustomerImportReport = { upserted: 0, rejected: [] };
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }),
  );
  let batch: CustomerRecordInput[] = [];
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
