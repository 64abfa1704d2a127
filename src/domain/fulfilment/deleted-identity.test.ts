import { describe, expect, it } from 'vitest';
import { identityKeys } from './deleted-identity.js';

describe('identityKeys', () => {
  it('normalises each value so that the same person matches however a system spells them', () => {
    expect(
      identityKeys({ email: ' Jane.Roe@Example.COM ', phone: '(415) 555-0134', accountNumber: 'pc-100 001' }),
    ).toEqual([
      { kind: 'email', key: 'email:jane.roe@example.com' },
      { kind: 'phone', key: 'phone:14155550134' },
      { kind: 'account_number', key: 'account_number:PC100001' },
    ]);
    expect(identityKeys({ phone: '+1 415 555 0134' })).toEqual([{ kind: 'phone', key: 'phone:14155550134' }]);
  });

  it('leaves out values that are missing or empty', () => {
    expect(identityKeys({ email: null, phone: ' - ', accountNumber: undefined })).toEqual([]);
  });
});
