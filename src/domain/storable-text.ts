// Every string the product accepts or answers with is read through this schema, so that
// no text reaches PostgreSQL that it cannot store: a NUL character is refused by `text`
// columns and would otherwise surface as a server error instead of a field message.

import { z } from 'zod';

export const NUL_CHARACTER_MESSAGE = 'must not contain a NUL character';

/** A string without NUL characters; chain `.trim().min().max()` as with `z.string()`. */
export function storableText(params?: Parameters<typeof z.string>[0]) {
  // eslint-disable-next-line no-restricted-properties -- the one place a plain string schema is made
  return z
    .string(params)
    .refine((value) => !value.includes('\0'), { error: NUL_CHARACTER_MESSAGE, abort: true });
}
