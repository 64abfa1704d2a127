import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IllegalTransitionError } from '../src/domain/errors.js';
import { useTestApp } from './support/app.js';

const harness = useTestApp();

beforeAll(async () => {
  // Routes registered by the test only, to drive the error handler through real requests.
  harness.app.post(
    '/api/test/echo',
    { schema: { body: z.object({ email: z.email(), age: z.number().int() }) } },
    async () => ({ ok: true }),
  );
  harness.app.get('/api/test/crash', async () => {
    throw new Error('relation "secret_table" does not exist for joe@example.com');
  });
  harness.app.post('/api/test/illegal', async () => {
    throw new IllegalTransitionError('completed', 'extend');
  });
  harness.app.get('/test/crash', async () => {
    throw new Error('boom at SELECT * FROM requests');
  });
  await harness.app.ready();
});

describe('the error handler', () => {
  it('answers malformed JSON with 400 JSON carrying the request id, not the body', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "joe@example.com", ',
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toEqual({
      error: { code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' },
      requestId: response.headers['x-request-id'],
    });
    expect(response.body).not.toContain('joe@example.com');
  });

  it('answers an oversized body with 413', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.co', padding: 'x'.repeat(300 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers invalid fields with 400 and one { path, message } per field', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      payload: { email: 'not-an-email', age: 'old' },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION');
    expect(error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['age', 'email']);
    expect(response.body).not.toContain('not-an-email');
  });

  it('answers an illegal lifecycle action with 409 and its stable code', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/api/test/illegal' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'REQUEST.ILLEGAL_TRANSITION' });
    expect(response.json().error.message).toContain('completed');
  });

  it('answers an unknown API path with 404 JSON', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers an unknown page with a 404 HTML page', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain(response.headers['x-request-id']);
  });

  it('hides internals of a failure behind a 500 with the request id only', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again later.' },
      requestId: response.headers['x-request-id'],
    });
    expect(response.body).not.toMatch(/secret_table|joe@example\.com|at /);
  });

  it('hides internals on HTML pages too', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).not.toContain('SELECT');
  });

  it('keeps a safe caller-supplied request id and replaces an unsafe one', async () => {
    const kept = await harness.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(kept.headers['x-request-id']).toBe('trace-12345678');
    const replaced = await harness.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'evil\nid<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the stylesheet from /assets/', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/assets/site.css' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/css');
  });

  it('sends a strict content security policy without inline scripts', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/healthz' });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
  });
});
