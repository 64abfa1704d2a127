// Who was deleted from a system, in the form that is remembered: each identity
// value normalised so that the same person matches however a system spells
// them, then kept only as a keyed hash by the service (Regs 7022(d):
// deletions are applied again to data restored from a backup;
// docs/legal-rules.md#deletions-restored-from-backup).

export const IDENTITY_KINDS = ['email', 'phone', 'account_number'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface IdentityValues {
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly accountNumber?: string | null | undefined;
}

const NORMALISE: Readonly<Record<IdentityKind, (value: string) => string>> = {
  email: (value) => value.trim().toLowerCase(),
  // Digits only, with the US country code a ten-digit number leaves out.
  phone: (value) => {
    const digits = value.replace(/\D/g, '');
    return digits.length === 10 ? `1${digits}` : digits;
  },
  account_number: (value) => value.replace(/[\s-]/g, '').toUpperCase(),
};

const VALUE_OF: Readonly<Record<IdentityKind, keyof IdentityValues>> = {
  email: 'email',
  phone: 'phone',
  account_number: 'accountNumber',
};

/** `kind:normalised value` for each identity value present; what the keyed hash is taken of. */
export function identityKeys(identity: IdentityValues): { kind: IdentityKind; key: string }[] {
  return IDENTITY_KINDS.flatMap((kind) => {
    const raw = identity[VALUE_OF[kind]];
    if (typeof raw !== 'string') return [];
    const normalised = NORMALISE[kind](raw);
    return normalised === '' ? [] : [{ kind, key: `${kind}:${normalised}` }];
  });
}
