// A cookie-keeping client for the consumer pages through app.inject: what a
// browser without JavaScript does (GET a form, POST it with its CSRF token).

import type { App } from '../../src/app.js';

export interface PageResponse {
  status: number;
  body: string;
  location: string | undefined;
}

export class PageSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(response: { cookies: { name: string; value: string; maxAge?: number }[] }) {
    for (const cookie of response.cookies) {
      if (cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
    });
    this.keep(response);
    return {
      status: response.statusCode,
      body: response.body,
      location: response.headers.location as string,
    };
  }

  /** GETs the form page and posts `fields` to `action` (the page's own URL unless given) with its CSRF token. */
  async submit(
    page: string,
    fields: Record<string, string | string[]>,
    action = page,
  ): Promise<PageResponse> {
    const form = await this.get(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${page}`);
    return this.postRaw(action, toUrlEncoded({ _csrf: token, ...fields }));
  }

  async postRaw(
    url: string,
    payload: string | Buffer,
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<PageResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': contentType },
    });
    this.keep(response);
    return {
      status: response.statusCode,
      body: response.body,
      location: response.headers.location as string,
    };
  }

  async csrfToken(page: string): Promise<string> {
    const form = await this.get(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${page}`);
    return token;
  }
}

export function toUrlEncoded(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}
