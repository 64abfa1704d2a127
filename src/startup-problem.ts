// A start-up failure the operator can fix: what went wrong and which setting to change,
// printed as one plain line instead of a stack trace.

export class StartupProblem extends Error {
  constructor(
    /** What went wrong, e.g. "port 3000 is already in use". */
    readonly what: string,
    /** What to change, naming the setting, e.g. "set PORT to a free port". */
    readonly remedy: string,
  ) {
    super(`${what}: ${remedy}`);
    this.name = 'StartupProblem';
  }
}

/** The listener's port is taken: name PORT rather than print EADDRINUSE. */
export function describeListenFailure(error: unknown, port: number, host: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new StartupProblem(
      `port ${port} on ${host} is already in use (another RightsDesk, perhaps from another checkout?)`,
      `set PORT to a free port, e.g. PORT=${port + 1} npm start`,
    );
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new StartupProblem(`cannot listen on ${host}:${port} (${String(code)})`, 'check HOST and PORT');
  }
  return error;
}
