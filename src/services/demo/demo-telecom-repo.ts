// The sample telecom's own systems, in a database of their own next to
// RightsDesk's (`<database>_telecom` on the same server): customers (the CRM),
// billing invoices, call detail records (CPNI) and support tickets. The sample
// data map (config/data-map.sample.yaml) points at it; RightsDesk's own tables
// never do. Rebuilt from scratch by every demo:seed.

import pg from 'pg';
import type { Config } from '../../config/index.js';

/** The demo telecom's database on the same server as `databaseUrl`'s. */
export function demoTelecomDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1))}_telecom`;
  return url.toString();
}

/** The variable the sample data map names for the telecom's database. */
const DEMO_TELECOM_URL_VARIABLE = 'DEMO_TELECOM_DATABASE_URL';

/**
 * `config` with DEMO_TELECOM_DATABASE_URL, when it is not set, naming the demo telecom's
 * database next to `databaseUrl`'s: the sample data map then works with no setting at all.
 */
export function withDemoTelecomDatabase<C extends Pick<Config, 'connectorVariable'>>(
  config: C,
  databaseUrl: string,
): C {
  return {
    ...config,
    connectorVariable: (name: string) =>
      config.connectorVariable(name) ??
      (name === DEMO_TELECOM_URL_VARIABLE ? demoTelecomDatabaseUrl(databaseUrl) : undefined),
  };
}

const DATABASE_NAME = /^[A-Za-z0-9_]{1,63}$/;

/**
 * Creates the database unless it exists, as the owner role, owned by the role the server runs
 * as (which then creates its tables and which its connectors use); its names cannot be bound
 * parameters, so they are checked first.
 */
export async function createDemoTelecomDatabase(databaseUrl: string, ownerUrl: string): Promise<string> {
  const telecomUrl = demoTelecomDatabaseUrl(databaseUrl);
  const name = decodeURIComponent(new URL(telecomUrl).pathname.slice(1));
  if (!DATABASE_NAME.test(name))
    throw new Error('The demo telecom database name must be letters, digits and _');
  const runtimeRole = decodeURIComponent(new URL(databaseUrl).username);
  if (!DATABASE_NAME.test(runtimeRole))
    throw new Error('The database role name must be letters, digits and _');
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}" OWNER "${runtimeRole}"`);
  } finally {
    await admin.end();
  }
  return telecomUrl;
}

const SCHEMA = `
DROP TABLE IF EXISTS support_tickets, call_detail_records, billing_invoices, customers;
CREATE TABLE customers (
  account_number text PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  phone text,
  postal_address text,
  date_of_birth date,
  ssn_last4 text,
  portal_password_hash text,
  plan text NOT NULL,
  marketing_opt_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_email ON customers (lower(email));
CREATE INDEX customers_phone ON customers (phone);
CREATE TABLE billing_invoices (
  id bigserial PRIMARY KEY,
  account_number text NOT NULL,
  billing_email text,
  invoice_date date NOT NULL,
  amount_cents integer NOT NULL,
  payment_method text NOT NULL,
  card_last4 text
);
CREATE INDEX billing_invoices_email ON billing_invoices (lower(billing_email));
CREATE TABLE call_detail_records (
  id bigserial PRIMARY KEY,
  account_number text NOT NULL,
  subscriber_email text,
  started_at timestamptz NOT NULL,
  called_number text NOT NULL,
  duration_seconds integer NOT NULL,
  cell_tower text NOT NULL
);
CREATE INDEX call_detail_records_email ON call_detail_records (lower(subscriber_email));
CREATE TABLE support_tickets (
  id bigserial PRIMARY KEY,
  account_number text NOT NULL,
  contact_email text,
  opened_at timestamptz NOT NULL,
  subject text NOT NULL,
  status text NOT NULL
);
CREATE INDEX support_tickets_email ON support_tickets (lower(contact_email));
`;

export interface DemoTelecomCustomer {
  accountNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  postalAddress: string;
}

/**
 * The telecom's tables rebuilt for `customers`: each gets a profile, six
 * monthly invoices, five calls and, for one in three, a support ticket, all
 * derived from the account number so every run writes the same data.
 */
export async function rebuildDemoTelecom(
  telecomUrl: string,
  customers: readonly DemoTelecomCustomer[],
): Promise<void> {
  const client = new pg.Client({ connectionString: telecomUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(SCHEMA);
    await client.query(
      `INSERT INTO customers (account_number, first_name, last_name, email, phone, postal_address,
         date_of_birth, ssn_last4, portal_password_hash, plan, marketing_opt_in)
       SELECT c.account_number, c.first_name, c.last_name, c.email, c.phone, c.postal_address,
         date '1960-01-01' + (abs(hashtext(c.account_number)) % 15000),
         lpad((abs(hashtext('ssn' || c.account_number)) % 10000)::text, 4, '0'),
         'argon2id$demo$' || md5(c.account_number),
         (ARRAY['Fiber 300', 'Fiber 1 Gig', 'Mobile Unlimited', 'Voice Basic'])[1 + abs(hashtext(c.account_number)) % 4],
         abs(hashtext('mkt' || c.account_number)) % 2 = 0
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS c (account_number, first_name, last_name, email, phone, postal_address)`,
      [
        customers.map((customer) => customer.accountNumber),
        customers.map((customer) => customer.firstName),
        customers.map((customer) => customer.lastName),
        customers.map((customer) => customer.email),
        customers.map((customer) => customer.phone),
        customers.map((customer) => customer.postalAddress),
      ],
    );
    await client.query(`
      INSERT INTO billing_invoices (account_number, billing_email, invoice_date, amount_cents, payment_method, card_last4)
      SELECT account_number, email, date '2025-01-01' + month * 30,
        3000 + abs(hashtext(account_number || month)) % 12000, 'card',
        lpad((abs(hashtext('card' || account_number)) % 10000)::text, 4, '0')
      FROM customers, generate_series(0, 5) AS month`);
    await client.query(`
      INSERT INTO call_detail_records (account_number, subscriber_email, started_at, called_number, duration_seconds, cell_tower)
      SELECT account_number, email, timestamptz '2025-06-01 08:00Z' + (abs(hashtext(account_number || call)) % 200000) * interval '1 minute',
        '+1415555' || lpad((abs(hashtext('to' || account_number || call)) % 10000)::text, 4, '0'),
        30 + abs(hashtext('d' || account_number || call)) % 1800,
        'SF-' || (abs(hashtext('t' || account_number || call)) % 90 + 10)
      FROM customers, generate_series(1, 5) AS call`);
    await client.query(`
      INSERT INTO support_tickets (account_number, contact_email, opened_at, subject, status)
      SELECT account_number, email, timestamptz '2025-03-01 10:00Z' + (abs(hashtext(account_number)) % 300) * interval '1 day',
        (ARRAY['Slow internet in the evening', 'Question about my bill', 'Router replacement', 'Moving my service'])[1 + abs(hashtext('s' || account_number)) % 4],
        (ARRAY['open', 'closed'])[1 + abs(hashtext('st' || account_number)) % 2]
      FROM customers WHERE abs(hashtext('tk' || account_number)) % 3 = 0`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
