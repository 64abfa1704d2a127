import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';

const harness = useTestApp();

describe('the OpenAPI document', () => {
  it('is served as JSON at /docs/json with the bearer security scheme', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearerToken).toEqual({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths)).not.toContain('/healthz');
  });

  it('has a browsable page at /docs under the strict content security policy', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(String(response.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });
});
