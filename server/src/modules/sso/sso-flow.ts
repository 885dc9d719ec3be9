// Test helpers for the single sign-on: a tiny cookie-keeping browser over fetch, and the ID token check.
import { createPublicKey, verify } from 'node:crypto';

/** Follows nothing by itself: each step is one request, so a test sees every redirect. Keeps cookies per host (ports share them, as in a browser). */
export class Browser {
  readonly jar = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, url).href : null, text: await res.text(), headers: res.headers };
  }
}

/** The value of the hidden `csrf` field of an interaction page. */
export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no csrf field in:\n${html.slice(0, 500)}`);
  return m[1]!;
}

/** Verifies a JWT's RS256 signature against the JWKS it names by kid; answers header and payload. */
export async function verifyWithJwks(jwt: string, jwksUrl: string) {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as { kid: string; alg: string };
  const jwks = (await (await fetch(jwksUrl)).json()) as { keys: Array<{ kid: string }> };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { valid: false, header, payload: null };
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const valid = header.alg === 'RS256' && verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'));
  return { valid, header, payload: JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown> };
}
