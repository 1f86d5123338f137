// Last line of defence for anything a user may paste somewhere (diagnostics, error reports):
// masks strings shaped like credentials even if they slipped into a message. Each shape has its
// own replacement, so no replacer reads another pattern's capture groups (or the match offset).
const RULES: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  [/\bmcpc_[A-Za-z0-9_-]{8,}/g, () => '[redacted]'], // local client tokens
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => '[redacted]'], // JWTs
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, scheme) => `${scheme} [redacted]`],
  [
    /\b([A-Za-z0-9_-]*(?:token|secret|password|api[_-]?key)[A-Za-z0-9_-]*)(["']?\s*[:=]\s*["']?)[^"'\s,}&]{6,}/gi,
    (_m, name, separator) => `${name}${separator}[redacted]`,
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replace] of RULES) out = out.replace(pattern, replace);
  return out;
}
