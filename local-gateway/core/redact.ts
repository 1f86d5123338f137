// Last line of defence for anything a user may paste somewhere (diagnostics, error reports):
// masks strings shaped like credentials even if they slipped into a message.
const PATTERNS: RegExp[] = [
  /\bmcpc_[A-Za-z0-9_-]{8,}/g, // local client tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b([A-Za-z0-9_-]*(?:token|secret|password|api[_-]?key)[A-Za-z0-9_-]*)(["']?\s*[:=]\s*["']?)[^"'\s,}&]{6,}/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p, (m, a: string | undefined, b: string | undefined) => (b !== undefined ? `${a}${b}[redacted]` : a && /bearer|basic/i.test(a) ? `${a} [redacted]` : '[redacted]'));
  }
  return out;
}
