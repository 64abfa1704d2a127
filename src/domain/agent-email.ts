// What an authorized agent's email says about the consumer they act for
// (Regs 7063), read only where the words leave no doubt: a request made for
// the wrong person would be worse than one an officer completes by hand.

export type AgentDocumentKind = 'signed_permission' | 'power_of_attorney';

export interface ConsumerNamedByAgent {
  email: string;
  /** Null when no name is written where it can be read with certainty. */
  firstName: string | null;
  lastName: string | null;
}

export type ConsumerReading = { consumer: ConsumerNamedByAgent } | { problem: string };

const EMAIL_ADDRESS = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/giu;

/** A capitalized word of a name: "Ana", "O'Neil", "López-Díaz"; never a lone capital such as "I". */
const NAME_WORD = String.raw`\p{Lu}[\p{Ll}'’][\p{L}'’-]*`;
const NAME_PARTICLE = String.raw`(?:de|del|la|las|los|y|van|von|da|di)`;
const NAME = new RegExp(
  String.raw`(${NAME_WORD}(?:[ \t]+(?:${NAME_PARTICLE}[ \t]+)*${NAME_WORD}){1,3})`,
  'uy',
);

/** Where a consumer's name follows: "on behalf of (my client) …", "en nombre de (mi cliente) …", "client's name: …". */
const NAME_LEADS =
  /(?:on behalf of|en nombre de)(?:\s+(?:my|our|the|mi|nuestr[oa]|el|la)\s+(?:client[ae]?|customer|consumer|consumidora?)\b)?[ \t]*[,:]?[ \t]*|(?:client|customer|consumer)(?:['’]s)?\s+(?:full\s+)?name\s*:\s*|nombre\s+(?:completo\s+)?(?:del|de\s+la)\s+(?:cliente|clienta|consumidora?)\s*:\s*/giu;

/**
 * The consumer an agent writes for: the one email address the message names
 * besides the sender's and the business's own (`businessDomains`), and the
 * name written after "on behalf of" / "en nombre de" or a "client's name:"
 * label. Quoted lines ("> …") are not read: they are someone else's words.
 */
export function consumerNamedByAgent(
  text: string,
  { sender, businessDomains }: { sender: string | null; businessDomains: readonly string[] },
): ConsumerReading {
  const ownWords = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n');
  const domains = new Set(businessDomains.map((domain) => domain.toLowerCase()));
  const emails = new Set(
    [...ownWords.matchAll(EMAIL_ADDRESS)]
      .map(([address]) => address.toLowerCase().replace(/\.+$/, ''))
      .filter((address) => address !== sender && !domains.has(address.split('@')[1] ?? '')),
  );
  const [email] = emails;
  if (email === undefined) return { problem: 'the message names no email address of the consumer' };
  if (emails.size > 1) {
    return { problem: 'the message names several email addresses: which is the consumer’s is not certain' };
  }
  const names = namesIn(ownWords);
  if (names.size > 1)
    return { problem: 'the message names several people: which is the consumer is not certain' };
  const [name] = names;
  const [firstName = null, ...rest] = name?.split(' ') ?? [];
  return { consumer: { email, firstName, lastName: rest.length > 0 ? rest.join(' ') : null } };
}

function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const lead of text.matchAll(NAME_LEADS)) {
    NAME.lastIndex = (lead.index ?? 0) + lead[0].length;
    const name = NAME.exec(text)?.[1];
    if (name !== undefined) names.add(name.replace(/\s+/g, ' '));
  }
  return names;
}

/** A power of attorney (Probate Code 4121–4130) when the agent says so; a signed permission otherwise. */
export function documentKindNamed(plainWords: string): AgentDocumentKind {
  return ['power of attorney', 'poder notarial', 'poder legal'].some((word) => plainWords.includes(word))
    ? 'power_of_attorney'
    : 'signed_permission';
}
