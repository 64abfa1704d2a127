import { describe, expect, it } from 'vitest';
import { consumerNamedByAgent, documentKindNamed } from './agent-email.js';

const read = (text: string) =>
  consumerNamedByAgent(text, { sender: 'pat@agency.example', businessDomains: ['shop.example'] });

describe('reading the consumer an agent writes for (Regs 7063)', () => {
  it('reads a labelled name and the one address that is neither the agent’s nor the business’s', () => {
    expect(
      read(
        "Client's name: Jo Ann Smith\nClient's email: jo@example.com\nSent to privacy@shop.example by pat@agency.example",
      ),
    ).toEqual({ consumer: { email: 'jo@example.com', firstName: 'Jo', lastName: 'Ann Smith' } });
  });

  it('reads no lone capital, such as "I", as part of a name', () => {
    expect(read('On behalf of Jo Smith I ask you to delete jo@example.com.')).toEqual({
      consumer: { email: 'jo@example.com', firstName: 'Jo', lastName: 'Smith' },
    });
  });

  it('refuses to choose between two people', () => {
    expect(read('On behalf of Jo Smith (jo@example.com). Client’s name: Al Jones')).toEqual({
      problem: expect.stringContaining('several people'),
    });
  });

  it('tells a power of attorney from a signed permission', () => {
    expect(documentKindNamed('attached is my power of attorney')).toBe('power_of_attorney');
    expect(documentKindNamed('adjunto el poder notarial')).toBe('power_of_attorney');
    expect(documentKindNamed('attached is the signed permission')).toBe('signed_permission');
  });
});
