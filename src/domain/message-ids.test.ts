import { describe, expect, it } from 'vitest';
import { domainOf, messageIdOf, outboxIdsIn } from './message-ids.js';

const ID = '0b6f8f3e-0c1d-4f5a-9a7e-2d3c4b5a6f70';

describe('Message-IDs that lead back to the outbox', () => {
  it('finds the outbox row a reply or a bounce names, and only ours', () => {
    const headers = `In-Reply-To: ${messageIdOf(ID, 'privacy.example')}\nReferences: <other@elsewhere.example> <rd.${ID}@evil.example>`;
    expect(outboxIdsIn(headers, 'privacy.example')).toEqual([ID]);
    expect(outboxIdsIn(headers.toUpperCase(), 'PRIVACY.EXAMPLE')).toEqual([ID]);
    expect(outboxIdsIn('no ids here', 'privacy.example')).toEqual([]);
  });

  it('takes the domain of an address', () => {
    expect(domainOf('Privacy@Example.COM')).toBe('example.com');
  });
});
