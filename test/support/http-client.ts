// A small browser-like HTTP client for integration tests: keeps cookies, reads CSRF tokens from forms.
import { DEMO_PASSWORD } from '../../src/features/demo/service.ts';

export type Response = { status: number; headers: Headers; text: string; location: string | null };

export class Browserish {
  baseUrl: string;
  cookies = new Map<string, string>();
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  #store(headers: Headers) {
    for (const cookie of headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  #cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: Record<string, string | string[]> | string, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, redirect: 'manual', headers: { cookie: this.#cookieHeader(), ...headers } };
    if (body !== undefined) {
      if (typeof body === 'string') {
        init.body = body;
      } else {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(body)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
        init.body = form.toString();
        (init.headers as Record<string, string>)['content-type'] = 'application/x-www-form-urlencoded';
      }
    }
    const res = await fetch(this.baseUrl + path, init);
    this.#store(res.headers);
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** GETs the page that holds the form, then POSTs with that page's CSRF token, as a browser would. */
  async submit(formPagePath: string, action: string, fields: Record<string, string | string[]>): Promise<Response> {
    const page = await this.get(formPagePath);
    const token = csrfTokenIn(page.text);
    return this.request('POST', action, { _csrf: token, ...fields });
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    const res = await this.submit('/sign-in', '/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in as ${email} failed with ${res.status}`);
    return res;
  }

  /** The second step of signing in, for an account with a second factor: after signIn(), the code from the app. */
  async enterSecondFactorCode(code: string): Promise<Response> {
    return this.submit('/sign-in/second-factor', '/sign-in/second-factor', { code });
  }
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export function titleOf(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';
}
