// The checks every agent's proof of authority passes (Regs 7063), from the web
// form's upload or an email's attachment alike: a PDF, PNG or JPEG by its
// content, never by its name or the sender's label, within a size a reviewer
// can open.

import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { AGENT_DOCUMENT_MEDIA_TYPES, type AgentDocumentMediaType } from './submit-agent-request.js';

export const MAX_AGENT_DOCUMENT_MEGABYTES = 5;
export const MAX_AGENT_DOCUMENT_BYTES = MAX_AGENT_DOCUMENT_MEGABYTES * 1024 * 1024;
/**
 * A scan of a signed letter at 600 dpi is about 5,100 × 6,600 pixels. A few kilobytes of
 * PNG can claim 100,000 × 100,000, which would take gigabytes to open: refused by header.
 */
export const MAX_IMAGE_SIDE_PIXELS = 12_000;
const MAX_IMAGE_PIXELS = 80_000_000;

export type AgentDocumentProblem = 'empty' | 'too_large' | 'type' | 'dimensions';
export type AgentDocumentCheck =
  { ok: true; mediaType: AgentDocumentMediaType } | { ok: false; problem: AgentDocumentProblem };

export async function checkAgentDocument(content: Uint8Array): Promise<AgentDocumentCheck> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' };
  if (content.byteLength > MAX_AGENT_DOCUMENT_BYTES) return { ok: false, problem: 'too_large' };
  const mediaType = await sniffMediaType(content);
  if (mediaType === null) return { ok: false, problem: 'type' };
  if (mediaType !== 'application/pdf' && !hasOpenableDimensions(content)) {
    return { ok: false, problem: 'dimensions' };
  }
  return { ok: true, mediaType };
}

/** Content, not the name or the sender's claim, decides the type. */
async function sniffMediaType(content: Uint8Array): Promise<AgentDocumentMediaType | null> {
  const detected = await fileTypeFromBuffer(content);
  const mime = detected?.mime as string | undefined;
  return (AGENT_DOCUMENT_MEDIA_TYPES as readonly string[]).includes(mime ?? '')
    ? (mime as AgentDocumentMediaType)
    : null;
}

/** Whether an image's header gives dimensions that a reviewer's viewer can open. */
function hasOpenableDimensions(content: Uint8Array): boolean {
  try {
    const { width, height } = imageSize(content);
    return (
      width > 0 &&
      height > 0 &&
      width <= MAX_IMAGE_SIDE_PIXELS &&
      height <= MAX_IMAGE_SIDE_PIXELS &&
      width * height <= MAX_IMAGE_PIXELS
    );
  } catch {
    return false;
  }
}
