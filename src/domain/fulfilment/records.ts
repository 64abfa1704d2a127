// A system's rows or a receiver's records, put under the data map's categories, with the
// values the map withholds (Regs 7024(d)) replaced before anything is stored.

import type { DataMapSystem } from './data-map.js';
import { WITHHELD_VALUE, type TaskResultRecord } from './task-result.js';

/** One record per category present in the row; columns the map does not name stay uncategorised. */
export function recordsOfRow(system: DataMapSystem, row: Record<string, unknown>): TaskResultRecord[] {
  const byCategory = new Map<string | undefined, Record<string, unknown>>();
  for (const [column, value] of Object.entries(row)) {
    const mapping = system.fields[column];
    const group = byCategory.get(mapping?.category) ?? {};
    group[column] = mapping?.withhold ? WITHHELD_VALUE : jsonValue(value);
    byCategory.set(mapping?.category, group);
  }
  return [...byCategory].map(([category, fields]) =>
    category === undefined ? { fields } : ({ category, fields } as TaskResultRecord),
  );
}

/** A receiver's records, with the fields the map withholds replaced. */
export function withholdFields(
  system: DataMapSystem,
  records: readonly TaskResultRecord[],
): TaskResultRecord[] {
  return records.map((record) => ({
    ...record,
    fields: Object.fromEntries(
      Object.entries(record.fields).map(([name, value]) => [
        name,
        system.fields[name]?.withhold ? WITHHELD_VALUE : value,
      ]),
    ),
  }));
}

/** Dates as ISO text, big numbers as text: what JSON can hold without loss. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}
