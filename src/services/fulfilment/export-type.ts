// What an owner's export is, decided by its content, never by its name or the browser's claim:
// a PDF by its signature; JSON and CSV as UTF-8 text that parses as such. The rows of a CSV or
// JSON export are what the access report shows of a system worked by hand.

import { parse as parseCsv } from 'csv-parse/sync';
import { fileTypeFromBuffer } from 'file-type';

export const EXPORT_MEDIA_TYPES = ['application/pdf', 'application/json', 'text/csv'] as const;
export type ExportMediaType = (typeof EXPORT_MEDIA_TYPES)[number];

export async function exportMediaTypeOf(content: Buffer): Promise<ExportMediaType | null> {
  const detected = await fileTypeFromBuffer(content);
  if (detected !== undefined) return detected.mime === 'application/pdf' ? 'application/pdf' : null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(content);
  // Binary content, or text that is not valid UTF-8, is neither JSON nor CSV.
  if (text.includes('\u0000') || text.includes('\uFFFD')) return null;
  try {
    JSON.parse(text);
    return 'application/json';
  } catch {
    // Not JSON: perhaps CSV.
  }
  try {
    const rows = parseCsv(text, { relax_column_count: false, skip_empty_lines: true }) as unknown[][];
    return rows.length > 0 && (rows[0]?.length ?? 0) > 1 ? 'text/csv' : null;
  } catch {
    return null;
  }
}

/**
 * The rows of a CSV export (its first line names the columns) or a JSON one (an object, or an
 * array of objects); none for a PDF, which the report cannot read.
 */
export function rowsOfExport(mediaType: ExportMediaType, content: Buffer): Record<string, unknown>[] {
  const text = content.toString('utf8');
  if (mediaType === 'text/csv') {
    return parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, unknown>[];
  }
  if (mediaType === 'application/json') {
    const parsed = JSON.parse(text) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]).filter(
      (row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row),
    );
  }
  return [];
}
