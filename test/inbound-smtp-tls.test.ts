// STARTTLS on the SMTP listener when a certificate is configured: a client that
// requires TLS can deliver, and the message is stored as any other.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { PRIVACY_ADDRESS, smtpConversation, useEmailChannelTestApp } from './support/inbound-mail.js';

const directory = mkdtempSync(join(tmpdir(), 'rightsdesk-tls-'));
const cert = join(directory, 'cert.pem');
const key = join(directory, 'key.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ],
  { stdio: 'ignore' },
);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

const harness = useEmailChannelTestApp({
  environment: { INBOUND_TLS_CERT_FILE: cert, INBOUND_TLS_KEY_FILE: key },
});

describe('STARTTLS on the SMTP listener', () => {
  it('is offered, and a client that requires it delivers', async () => {
    const replies = await smtpConversation(harness.inbound.port, ['EHLO client.example.com', 'QUIT']);
    expect(replies[1]).toMatch(/STARTTLS/);

    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: harness.inbound.port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    await transport.sendMail({
      from: 'tls.sender@example.com',
      to: PRIVACY_ADDRESS,
      subject: 'California Rights Request',
      text: 'Please delete my personal information.',
    });
    transport.close();
    expect(await harness.db.inboundMessage.count({ where: { envelopeFrom: 'tls.sender@example.com' } })).toBe(
      1,
    );
  });
});
