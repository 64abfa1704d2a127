// A data map statement's named parameters (`:email`) bound as positional ones
// (`$1`), never spliced into the text: values travel apart from the SQL.
// Quoted strings, quoted identifiers and `::` casts are left alone.

const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z][A-Za-z0-9]*)/g;

export function bindNamedParameters(
  sql: string,
  values: Readonly<Record<string, unknown>>,
): { text: string; values: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(TOKENS, (token, name: string | undefined) => {
    if (name === undefined) return token;
    if (!Object.hasOwn(values, name)) throw new Error(`No value for the parameter :${name}`);
    const index = order.indexOf(name);
    if (index >= 0) return `$${index + 1}`;
    order.push(name);
    return `$${order.length}`;
  });
  return { text, values: order.map((name) => values[name] ?? null) };
}
