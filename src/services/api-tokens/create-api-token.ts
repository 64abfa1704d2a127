// A new API token for staff tools or an integration (issue 3, part 6). The
// secret is returned once; only its hash is stored.

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { hashToken, newSecretToken } from '../../secrets.js';
import { API_TOKEN_PREFIX } from './authenticate-api-token.js';
import type { Dependencies } from '../dependencies.js';

export const CreateApiTokenInputSchema = z.object({
  /** What the token is for, e.g. "Zendesk integration"; shown to admins. */
  name: z.string().trim().min(1).max(100),
  role: z.enum(STAFF_ROLES),
});
export type CreateApiTokenInput = z.output<typeof CreateApiTokenInputSchema>;

export interface CreatedApiToken {
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
  const { db, clock } = deps;
  const now = clock.now();
  const id = randomUUID();
  const token = `${API_TOKEN_PREFIX}${newSecretToken()}`;
  await db.$transaction(async (tx) => {
    await tx.apiToken.create({
      data: { id, name: input.name, role: input.role, tokenHash: hashToken(token), createdAt: now },
    });
    await appendAuditEvents(
      tx,
      {
        actor,
        requestId: null,
        events: [{ action: 'api_token.created', payload: { tokenId: id, role: input.role } }],
      },
      now,
    );
  });
  return { id, name: input.name, role: input.role, createdAt: now, token };
}
