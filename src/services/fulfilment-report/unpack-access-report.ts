// The HTML report read back out of a package's ZIP, for staff printing it as a
// letter to a requester without email.

import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { REPORT_HTML_NAME } from './pack-access-report.js';

export async function htmlReportOf(zip: Buffer): Promise<string> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  );
  return new Promise<string>((resolve, reject) => {
    archive.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== REPORT_HTML_NAME) return archive.readEntry();
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        buffer(stream).then((content) => resolve(content.toString('utf8')), reject);
      });
    });
    archive.on('end', () => reject(new Error(`No ${REPORT_HTML_NAME} in the access package`)));
    archive.on('error', reject);
    archive.readEntry();
  });
}
