import type { en } from './en.js';

/** The shape every catalogue has: the English one's keys, with any text as values. */
type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof en>;

/** Dotted paths to the messages: 'form.email', 'types.delete'. */
type PathsOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : PathsOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = PathsOf<Catalogue>;
