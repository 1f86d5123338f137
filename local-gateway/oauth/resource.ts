// RFC 8707 canonical resource URI: lowercase scheme and host, no fragment, no trailing slash.
export function canonicalResource(url: string): string {
  const u = new URL(url);
  u.hash = '';
  const s = u.href;
  return u.pathname === '/' && !u.search ? s.replace(/\/$/, '') : s.replace(/\/(\?|$)/, '$1');
}
