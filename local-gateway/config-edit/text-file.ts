// Reading a config file as text while remembering the bytes that must survive a rewrite:
// a UTF-8 byte-order mark and the file's line ending (CRLF files stay CRLF).

export function decodeText(bytes: Buffer): { text: string; bom: boolean } {
  const raw = bytes.toString('utf8');
  return raw.startsWith('\uFEFF') ? { text: raw.slice(1), bom: true } : { text: raw, bom: false };
}

export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

export function encodeText(text: string, bom: boolean): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}

/** 1-based line and column of an offset, for `<path>:<line>:<col>` messages. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}
