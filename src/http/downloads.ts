// Every file RightsDesk hands out (agents' documents, received attachments, access
// packages, the suppression list) goes as a download: never rendered at our origin
// (a file from outside can be a PDF and valid HTML at once), never sniffed, sandboxed
// if opened anyway, and never kept by a shared cache.

import type { FastifyReply } from 'fastify';

export interface Download {
  fileName: string;
  mediaType: string;
  content: Buffer | string;
}

export function sendDownload(reply: FastifyReply, { fileName, mediaType, content }: Download) {
  return reply
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'no-store')
    .type(mediaType)
    .send(content);
}
