// A real IMAP server for the tests: Debian's Dovecot (dovecot-imapd), run as a
// test instance of its own with its configuration, users and mail in a
// temporary directory, on a free loopback port. stop() and start() restart it
// on the same port with the same mail, as an operator's restart would.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestImapServer {
  /** imap://user:password@127.0.0.1:port/INBOX */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

const USER = 'privacy';
const PASSWORD = 'imap-test-password';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The mail owner: the current user, or Dovecot's own system user when the tests run as root (Dovecot refuses UID 0). */
function mailOwner(): { uid: number; gid: number; users: string } {
  if (process.getuid?.() !== 0) {
    const { uid, gid, username } = userInfo();
    return {
      uid,
      gid,
      users: `default_internal_user = ${username}\ndefault_login_user = ${username}\ndefault_internal_group = ${username}\n`,
    };
  }
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
  return { uid, gid, users: '' };
}

export async function startTestImapServer(): Promise<TestImapServer> {
  const directory = mkdtempSync(join(tmpdir(), 'rightsdesk-dovecot-'));
  chmodSync(directory, 0o755);
  const owner = mailOwner();
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(directory, sub));
  for (const sub of ['mail', 'home']) chownSync(join(directory, sub), owner.uid, owner.gid);
  writeFileSync(join(directory, 'users'), `${USER}:{PLAIN}${PASSWORD}\n`, { mode: 0o644 });
  const port = await freePort();
  const configFile = join(directory, 'dovecot.conf');
  writeFileSync(
    configFile,
    `${owner.users}base_dir = ${directory}/run
state_dir = ${directory}/state
log_path = ${directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = ${owner.uid}
mail_location = maildir:${directory}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${directory}/users
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${directory}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn('dovecot', ['-F', '-c', configFile], { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline) throw new Error('Dovecot did not start within 20 s');
      await sleep(100);
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `imap://${USER}:${PASSWORD}@127.0.0.1:${port}/INBOX`,
    user: USER,
    password: PASSWORD,
    port,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
