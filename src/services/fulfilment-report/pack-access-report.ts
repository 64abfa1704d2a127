// The access package's ZIP: the report for a person (report.html) and the same
// report in a portable, machine-readable form (report.json), as Civ.
// 1798.130(a)(2)(B) and Regs 7024 ask for both.

import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';
import type { AccessReport } from '../../domain/fulfilment/access-report.js';

export const REPORT_HTML_NAME = 'report.html';
export const REPORT_JSON_NAME = 'report.json';

export async function packAccessReport(report: AccessReport, html: string): Promise<Buffer> {
  const zip = new ZipFile();
  // One fixed time for both entries: the report's own, not the moment of packing.
  const mtime = new Date(report.generatedAt);
  zip.addBuffer(Buffer.from(html, 'utf8'), REPORT_HTML_NAME, { mtime });
  zip.addBuffer(Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8'), REPORT_JSON_NAME, { mtime });
  zip.end();
  return buffer(zip.outputStream);
}
