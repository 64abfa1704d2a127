// What an owner's export is, decided by its content, never by its name or the browser's claim:
// a PDF by its signature; JSON and CSV as UTF-8 text that parses as such.

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
