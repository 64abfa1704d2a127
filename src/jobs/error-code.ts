/** The class and code of an error, for logs: never its message, which may quote an address. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown; responseCode?: unknown }).code;
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    return [
      error.name,
      typeof code === 'string' ? code : null,
      typeof responseCode === 'number' ? responseCode : null,
    ]
      .filter((part) => part !== null)
      .join(' ')
      .slice(0, 200);
  }
  return 'unknown error';
}
