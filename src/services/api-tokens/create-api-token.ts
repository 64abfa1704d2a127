// A new API token for staff tools or an integration. The secret is returned
// once; only its hash is stored.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { hashToken, newSecretToken } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { insertApiToken } from './api-tokens-repo.js';
import { API_TOKEN_PREFIX } from './authenticate-api-token.js';

export const CreateApiTokenInputSchema = z.object({
  /** What the token is for, e.g. "Zendesk integration"; shown to admins. */
  name: storableText().trim().min(1).max(100),
  role: z.enum(STAFF_ROLES),
});
export type CreateApiTokenInput = z.output<typeof CreateApiTokenInputSchema>;

interface CreatedApiToken {
  id: string;
  name: string;
  role: StaffRole;
  createdAt: Date;
  /** The secret itself: shown once, never stored. */
  token: string;
}

export async function createApiToken(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { input, actor }: { input: CreateApiTokenInput; actor: Actor },
): Promise<CreatedApiToken> {
  const createdAt = deps.clock.now();
  const token = `${API_TOKEN_PREFIX}${newSecretToken()}`;
  const id = await deps.db.$transaction(async (tx) => {
    const tokenId = await insertApiToken(tx, { ...input, tokenHash: hashToken(token), createdAt });
    const event = { action: 'api_token.created', payload: { tokenId, role: input.role } } as const;
    await appendAuditEvents(tx, { actor, requestId: null, events: [event] });
    return tokenId;
  });
  return { id, name: input.name, role: input.role, createdAt, token };
}
