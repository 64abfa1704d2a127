// What a browser without JavaScript does, over app.inject: it keeps the cookies
// the app sets and sends them back, and posts a form with the CSRF token of the
// page it is on.

import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';

type Fields = Record<string, string | string[]>;

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** The inject response, with its status and Location header at hand. */
type ClientResponse = LightMyRequestResponse & { status: number; location: string | undefined };

export class CookieClient {
  /** Name to value, as the app set them. */
  readonly cookies = new Map<string, string>();

  /** `headers` go with every request (Accept-Language, Sec-GPC, …), from `remoteAddress`. */
  constructor(
    private readonly app: App,
    private readonly headers: Record<string, string> = {},
    private readonly remoteAddress = '127.0.0.1',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: string, headers: Record<string, string> = {}): Promise<ClientResponse> {
    return this.send('GET', url, headers);
  }

  /** Posts `fields` as a form, with the CSRF token of the page it is on (`url` itself unless given). */
  async post(url: string, fields: Fields, formPage = url): Promise<ClientResponse> {
    const token = await this.csrfToken(formPage);
    return this.postRaw(url, toUrlEncoded({ _csrf: token, ...fields }));
  }

  /** Posts `payload` as it is: a multipart upload, a form without its token, what a hostile client sends. */
  postRaw(url: string, payload: string | Buffer, contentType = FORM_CONTENT_TYPE): Promise<ClientResponse> {
    return this.send('POST', url, { 'content-type': contentType }, payload);
  }

  /** The CSRF token in the forms of the page at `url`. */
  async csrfToken(url: string): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${url} (status ${page.status})`);
    return token;
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: string | Buffer,
  ): Promise<ClientResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
      remoteAddress: this.remoteAddress,
      ...(payload !== undefined && { payload }),
    });
    this.keepCookies([response.headers['set-cookie'] ?? []].flat());
    const location = response.headers.location;
    return Object.assign(response, {
      status: response.statusCode,
      location: typeof location === 'string' ? location : undefined,
    });
  }

  /** Keeps each cookie as sent, and forgets one the app clears (empty, or Max-Age=0). */
  private keepCookies(setCookieLines: string[]) {
    for (const line of setCookieLines) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /;\s*max-age=0\s*(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function toUrlEncoded(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) params.append(name, item);
  }
  return params.toString();
}
