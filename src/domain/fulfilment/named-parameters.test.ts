import { describe, expect, it } from 'vitest';
import { bindNamedParameters } from './named-parameters.js';

describe('bindNamedParameters', () => {
  it('numbers each name once, in order of first use, and leaves strings and casts alone', () => {
    expect(
      bindNamedParameters(
        `SELECT ':email', "a:b", x::text FROM t WHERE lower(email) = lower(:email) OR phone = :phone OR alt = :email`,
        { email: 'a@example.com', phone: '+14155550134' },
      ),
    ).toEqual({
      text: `SELECT ':email', "a:b", x::text FROM t WHERE lower(email) = lower($1) OR phone = $2 OR alt = $1`,
      values: ['a@example.com', '+14155550134'],
    });
  });

  it('refuses a statement naming a parameter it has no value for', () => {
    expect(() => bindNamedParameters('DELETE FROM t WHERE id = :accountNumber', {})).toThrow(
      ':accountNumber',
    );
  });
});
