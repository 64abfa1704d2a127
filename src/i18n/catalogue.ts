// The shape of the message catalogues. Each audience (pages, mail) has an English
// catalogue; every other language is typed from it, so a missing or extra key
// fails the build.

/** Another language's catalogue: the English one's keys, with any text as values. */
export type Translation<English> = {
  readonly [K in keyof English]: English[K] extends string ? string : Translation<English[K]>;
};

/**
 * The audiences' catalogues looked up as one. `never` when two of them start a key
 * the same way, so that one can never hide the other's messages.
 */
export type Combined<Pages, Mail> = [keyof Pages & keyof Mail] extends [never] ? Pages & Mail : never;

/** Dotted paths to the messages: 'form.email', 'mail.receipt.subject'. */
export type PathsOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : PathsOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
