// The answer to a request to know (Civ. 1798.110, 1798.130(a)(2)(B); Regs 7024):
// built from the data map and the results of the request's tasks, the same model
// written out as the HTML report and as the portable JSON (docs/legal-rules.md#access-reports).

import { fieldClassification, type ReportedSystem, type SystemTaskResult } from './fulfilment-results.js';

/** A value shown to the consumer, or only the fact that it is held (Regs 7024(d)). */
export type ReportedValue =
  | { readonly field: string; readonly withheld: false; readonly value: string }
  | { readonly field: string; readonly withheld: true };

/** What one system gave for one category: one entry per record found. */
export interface SystemPieces {
  readonly systemKey: string;
  readonly systemName: string;
  readonly records: readonly (readonly ReportedValue[])[];
}

export interface CategoryPieces {
  readonly category: string;
  readonly systems: readonly SystemPieces[];
}

/**
 * How each system answered: what it holds was given, it holds nothing, or it
 * could not be searched (a failed or waived task), which the report says
 * rather than implying there is nothing.
 */
export type SystemSearch = 'provided' | 'no_data' | 'not_searched';

export interface AccessReport {
  readonly reference: string;
  readonly generatedAt: string;
  readonly specificPieces: boolean;
  /** Civ. 1798.110(a)(1)–(4), (c): what the business collects about the consumer and why. */
  readonly categoriesCollected: readonly string[];
  readonly sources: readonly string[];
  readonly purposes: readonly string[];
  /** Civ. 1798.115(a)(3), (c)(2): categories disclosed for a business purpose, with their recipients. */
  readonly disclosed: readonly { readonly category: string; readonly recipients: readonly string[] }[];
  /** Civ. 1798.115(a)(2), (c)(1): categories sold or shared, with their recipients; empty when none. */
  readonly soldOrShared: readonly { readonly category: string; readonly recipients: readonly string[] }[];
  readonly systems: readonly {
    readonly key: string;
    readonly name: string;
    readonly retention: string | null;
    readonly search: SystemSearch;
  }[];
  /** Civ. 1798.110(a)(5): the values, grouped by category and then by system; empty for categories only. */
  readonly pieces: readonly CategoryPieces[];
  /** Whether any value is reported only as held (Regs 7024(d)). */
  readonly anyWithheld: boolean;
}

export interface AccessReportInput {
  readonly reference: string;
  readonly now: Date;
  readonly specificPieces: boolean;
  readonly systems: readonly ReportedSystem[];
  readonly results: readonly SystemTaskResult[];
}

/** Category of a record's field that the data map does not classify and the system did not label. */
export const UNCLASSIFIED_CATEGORY = 'other';

export function buildAccessReport(input: AccessReportInput): AccessReport {
  const { systems } = input;
  const union = (pick: (system: ReportedSystem) => readonly string[], from = systems) =>
    [...new Set(from.flatMap(pick))].sort();
  const disclosedBy = (from: readonly ReportedSystem[]) =>
    union((system) => (system.recipients.length > 0 ? system.categories : []), from).map((category) => ({
      category,
      recipients: union(
        (system) => system.recipients,
        from.filter((system) => system.categories.includes(category)),
      ),
    }));

  const searches = systems.map((system) => ({
    key: system.key,
    name: system.name,
    retention: system.retention ?? null,
    search: searchOf(input.results.filter((task) => task.systemKey === system.key)),
  }));
  const pieces = input.specificPieces ? piecesOf(systems, input.results) : [];
  return {
    reference: input.reference,
    generatedAt: input.now.toISOString(),
    specificPieces: input.specificPieces,
    categoriesCollected: union((system) => system.categories),
    sources: union((system) => system.sources),
    purposes: union((system) => system.purposes),
    disclosed: disclosedBy(systems),
    soldOrShared: disclosedBy(systems.filter((system) => system.soldOrShared)),
    systems: searches,
    pieces,
    anyWithheld: pieces.some((category) =>
      category.systems.some((system) =>
        system.records.some((record) => record.some((value) => value.withheld)),
      ),
    ),
  };
}

function searchOf(tasks: readonly SystemTaskResult[]): SystemSearch {
  const results = tasks.flatMap((task) => (task.result === null ? [] : [task.result]));
  if (results.some((result) => (result.records ?? []).length > 0)) return 'provided';
  if (results.some((result) => result.outcome === 'no_data' || result.outcome === 'done')) return 'no_data';
  return 'not_searched';
}

function piecesOf(
  systems: readonly ReportedSystem[],
  results: readonly SystemTaskResult[],
): CategoryPieces[] {
  const byCategory = new Map<string, Map<string, ReportedValue[][]>>();
  for (const system of systems) {
    const records = results
      .filter((task) => task.systemKey === system.key)
      .flatMap((task) => task.result?.records ?? []);
    for (const record of records) {
      // One row of a system may hold several categories: split it, keeping each part together.
      const parts = new Map<string, ReportedValue[]>();
      for (const [field, raw] of Object.entries(record.fields)) {
        if (raw === null || raw === undefined) continue;
        const { category, withhold } = fieldClassification(
          system.fields[field],
          record.category ?? UNCLASSIFIED_CATEGORY,
        );
        const value: ReportedValue = withhold
          ? { field, withheld: true }
          : { field, withheld: false, value: displayValue(raw) };
        parts.set(category, [...(parts.get(category) ?? []), value]);
      }
      for (const [category, values] of parts) {
        const perSystem = byCategory.get(category) ?? new Map<string, ReportedValue[][]>();
        perSystem.set(system.key, [...(perSystem.get(system.key) ?? []), values]);
        byCategory.set(category, perSystem);
      }
    }
  }
  const nameOf = new Map(systems.map((system) => [system.key, system.name]));
  return [...byCategory.keys()].sort().map((category) => ({
    category,
    systems: [...(byCategory.get(category) ?? new Map<string, ReportedValue[][]>())].map(
      ([systemKey, records]) => ({ systemKey, systemName: nameOf.get(systemKey) ?? systemKey, records }),
    ),
  }));
}

/** Values as the consumer reads them: dates in ISO form, objects as JSON. */
function displayValue(raw: unknown): string {
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === 'object') return JSON.stringify(raw);
  return String(raw as string | number | boolean | bigint);
}
