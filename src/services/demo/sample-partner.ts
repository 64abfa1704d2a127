// The sample telecom's advertising partner (config/data-map.sample.yaml, system
// `adtech`): what it holds about a consumer and what it does with a privacy
// request. It holds a made-up profile for two demo customers in three, derived
// from the email so every run agrees, until it is told to delete it. Kept in
// memory: the partner is a demonstration, not a record.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';

/** The body RightsDesk's webhook connector sends (the fields the partner reads). */
export const PartnerEventSchema = z.object({
  type: z.enum([
    'privacy_request.access',
    'privacy_request.delete',
    'privacy_request.correct',
    'privacy_request.opt_out',
  ]),
  data: z.object({
    identity: z.object({ email: storableText().max(320).nullish() }),
  }),
});
export type PartnerEvent = z.infer<typeof PartnerEventSchema>;

export interface PartnerResult {
  outcome: 'done' | 'no_data';
  records?: { category: string; fields: Record<string, string> }[];
}

const SEGMENTS = ['streaming-enthusiast', 'frequent-traveller', 'home-office', 'gamer', 'sports-fan'];

export interface SamplePartner {
  answer(event: PartnerEvent): PartnerResult;
}

export function createSamplePartner(): SamplePartner {
  const forgotten = new Set<string>();
  const optedOut = new Set<string>();
  const profileOf = (email: string) => {
    const digest = createHash('sha256').update(email).digest();
    if (forgotten.has(email) || digest[0]! % 3 === 0) return null;
    return {
      hashed_email: digest.toString('hex'),
      segment: SEGMENTS[digest[1]! % SEGMENTS.length]!,
      last_seen: `2026-${String(1 + (digest[2]! % 11)).padStart(2, '0')}-${String(1 + (digest[3]! % 28)).padStart(2, '0')}`,
    };
  };
  return {
    answer(event): PartnerResult {
      const email = event.data.identity.email?.trim().toLowerCase();
      const profile = email ? profileOf(email) : null;
      if (!email || profile === null) return { outcome: 'no_data' };
      switch (event.type) {
        case 'privacy_request.access':
          return {
            outcome: 'done',
            records: [
              { category: 'identifiers', fields: { hashed_email: profile.hashed_email } },
              { category: 'inferences', fields: { segment: profile.segment } },
              { category: 'internet_activity', fields: { last_seen: profile.last_seen } },
            ],
          };
        case 'privacy_request.delete':
          forgotten.add(email);
          return { outcome: 'done' };
        case 'privacy_request.opt_out':
          optedOut.add(email);
          return { outcome: 'done' };
        case 'privacy_request.correct':
          // It holds nothing a consumer could correct: a hashed email and what it inferred.
          return { outcome: 'no_data' };
      }
    },
  };
}
