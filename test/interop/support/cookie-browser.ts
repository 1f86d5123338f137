// A scripted browser for authorization servers that keep login state in cookies (oidc-provider
// does: `_interaction`, `_interaction_resume`, `_session`). Same contract as
// test/support/browser.ts, but it follows redirects itself and carries cookies across them.
import type { FakeBrowser } from '../../support/browser.js';

export interface CookieBrowser extends FakeBrowser {
  /** Every page the browser ended on, with its URL (the last hop of each redirect chain). */
  visits: Array<{ url: string; status: number; body: string }>;
}

const MAX_HOPS = 20;

export function cookieBrowser(): CookieBrowser {
  const jar = new Map<string, { value: string; path: string; host: string }>();
  let stalled = false;

  const cookieHeader = (url: URL) =>
    [...jar.entries()]
      .filter(([, c]) => c.host === url.host && url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name.split('|')[0]}=${c.value}`)
      .join('; ');

  const remember = (url: URL, res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) || '/';
      const expired = attrs.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      const key = `${name}|${path}`;
      if (expired || value === '') jar.delete(key);
      else jar.set(key, { value, path, host: url.host });
    }
  };

  async function visit(start: string): Promise<void> {
    let url = new URL(start);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`refusing to open ${url.protocol} URL`);
      const cookie = cookieHeader(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      remember(url, res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      const body = await res.text();
      b.pages.push({ status: res.status, body });
      b.visits.push({ url: url.href, status: res.status, body });
      return;
    }
    throw new Error('too many redirects');
  }

  const b: CookieBrowser = {
    opened: [],
    pages: [],
    visits: [],
    stall: (on) => {
      stalled = on;
    },
    async open(url) {
      b.opened.push(url);
      if (stalled) return;
      // Like a real browser tab, the page loads after the opener returns.
      setImmediate(() => {
        visit(url).catch((err: unknown) => {
          b.pages.push({ status: 0, body: String(err) });
          b.visits.push({ url, status: 0, body: String(err) });
        });
      });
    },
  };
  return b;
}
