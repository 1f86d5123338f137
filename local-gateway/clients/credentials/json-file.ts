// Guarded edits of JSON credential files (Claude Code, OpenCode, Codex, Gemini): lock, fresh
// read, jsonc-parser `modify` for each removed/restored key (formatting of the rest kept),
// atomic replace keeping the file's 0600 mode.

import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, getNodeValue, modify, type JSONPath } from 'jsonc-parser';
import { writeFileAtomic } from '../../config-edit/atomic-write.js';
import { withFileLock } from '../../config-edit/file-lock.js';
import { detectIndentUnit, parseJsonDoc } from '../../config-edit/jsonc-doc.js';
import { decodeText, detectEol, encodeText } from '../../config-edit/text-file.js';

export function readJsonValue(file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const { text } = decodeText(bytes);
  const doc = parseJsonDoc(text, file, { requireObject: false });
  return doc.root ? getNodeValue(doc.root) : undefined;
}

export function parseJsonText(text: string, file: string): unknown {
  const doc = parseJsonDoc(text, file, { requireObject: false });
  return doc.root ? getNodeValue(doc.root) : undefined;
}

/**
 * Applies `change` to the parsed file and writes the result. `change` receives the current
 * value and returns the modifications to make as (path, value|undefined) pairs.
 */
export function editJsonFile(
  file: string,
  change: (current: unknown) => Array<{ path: JSONPath; value: unknown; arrayInsert?: boolean }>,
  // `reformat: false`: edit only the changed ranges (jsonc-parser otherwise re-indents the
  // object around a removal, expanding a one-line file such as Claude Code's caches).
  opts: { createAs?: string; mode?: number; reformat?: boolean } = {},
): void {
  withFileLock(file, () => {
    let bytes: Buffer;
    let mode = opts.mode ?? 0o600;
    try {
      bytes = fs.readFileSync(file);
      mode = fs.statSync(file).mode & 0o777;
    } catch {
      if (opts.createAs === undefined) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      bytes = Buffer.from(opts.createAs);
    }
    const { text, bom } = decodeText(bytes);
    let next = text.trim() === '' ? (opts.createAs ?? '{}') : text;
    const mods = change(parseJsonText(next, file));
    if (mods.length === 0) return;
    const formattingOptions = {
      insertSpaces: !detectIndentUnit(next).startsWith('\t'),
      tabSize: detectIndentUnit(next).length || 2,
      eol: detectEol(next),
    };
    for (const m of mods)
      next = applyEdits(
        next,
        modify(next, m.path, m.value, {
          ...(opts.reformat === false ? {} : { formattingOptions }),
          ...(m.arrayInsert ? { isArrayInsertion: true } : {}),
        }),
      );
    writeFileAtomic(file, encodeText(next, bom), mode);
  });
}

export function fileMtimeIso(file: string): string | undefined {
  try {
    return new Date(fs.statSync(file).mtimeMs).toISOString();
  } catch {
    return undefined;
  }
}

export function ageDays(iso: string | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.floor((now - t) / 86_400_000));
}

export function isoFromEpoch(v: unknown): string | undefined {
  if (typeof v === 'number' && v > 0) return new Date(v < 1e12 ? v * 1000 : v).toISOString();
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return undefined;
}
