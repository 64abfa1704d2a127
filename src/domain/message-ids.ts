// The Message-ID of every email RightsDesk sends names its outbox row, so that
// a reply's In-Reply-To/References and a bounce's copy of the original lead
// back to it without storing anything more (RFC 5322 §3.6.4).

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `<rd.{outboxId}@{domain}>`: unique per message, and the same on every retry of it. */
export function messageIdOf(outboxId: string, domain: string): string {
  return `<rd.${outboxId}@${domain}>`;
}

/** The outbox ids named by RightsDesk Message-IDs of `domain` anywhere in `text` (headers or a report). */
export function outboxIdsIn(text: string, domain: string): string[] {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`<rd\\.(${UUID})@${escaped}>`, 'gi');
  return [...new Set([...text.matchAll(pattern)].map((match) => (match[1] ?? '').toLowerCase()))];
}

/** The domain of an address, lower-case: the right-hand side of RightsDesk's Message-IDs. */
export function domainOf(address: string): string {
  return (address.split('@').pop() ?? address).toLowerCase();
}
