// The real server (`node … dist/server.js`, as `npm start` runs it) in a child
// process of its own, so that its resident memory is its alone: read from
// /proc/<pid>/status (VmRSS now, VmHWM the peak since it started; Linux).

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerChild {
  baseUrl: string;
  /** Resident memory now and at its peak, in MB. */
  memory(): Promise<{ residentMb: number; peakResidentMb: number }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The node options `npm start` runs the server with (its heap bounds), read from package.json. */
async function startScriptNodeOptions(): Promise<string[]> {
  const packageJson = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: { start: string } };
  return packageJson.scripts.start.match(/--[\w-]+=\S+/g) ?? [];
}

export async function startServerChild(environment: Record<string, string>): Promise<ServerChild> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(await startScriptNodeOptions()), 'dist/server.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (
    !(await fetch(`${baseUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the server did not become ready');
    await sleep(200);
  }
  const kilobytes = (status: string, field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    baseUrl,
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return {
        residentMb: Math.round(kilobytes(status, 'VmRSS') / 1024),
        peakResidentMb: Math.round(kilobytes(status, 'VmHWM') / 1024),
      };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
