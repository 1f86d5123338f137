// One guarded edit of one config file: take the lock, re-read the file (so a change made since
// we last looked is not lost), let `plan` compute the new text (it throws on a file that does
// not parse, leaving it untouched), back the old bytes up (sealed, pruned), then replace the file atomically —
// but only if it is still the file we read. The IDE does not take our lock: when it rewrote the
// file meanwhile, the edit is redone on its new content (up to EDIT_ATTEMPTS times), and then
// refused with nothing written; its write is never replaced by our stale copy.
// A symlinked config is edited where it points (the link stays); a target the user cannot write
// is refused. With dryRun nothing is locked or written; the caller still gets the diff.

import fs from 'node:fs';
import { backupConfig } from './backup.js';
import { unifiedDiff } from './diff.js';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock } from './file-lock.js';
import { isStillVersion, readVersion } from './file-version.js';
import { decodeText, detectEol, encodeText } from './text-file.js';
import { assertWritable, resolveWriteTarget } from './write-target.js';
import { CompanionError } from '../core/errors.js';

export const EDIT_ATTEMPTS = 5;

export interface EditInput {
  text: string;
  eol: '\n' | '\r\n';
}

export interface EditOptions<T> {
  file: string;
  dataDir: string;
  /** Used in the backup file name (e.g. the client id). */
  label: string;
  dryRun: boolean;
  now: () => number;
  /** Returns the new text (same text = no change) and a value handed back to the caller. May run more than once. */
  plan: (input: EditInput) => { text: string; result: T };
  /** Strings to hide in the diff preview (header values, tokens). */
  redact?: () => string[];
  /** Seals the backup of the old bytes (the data dir's secret box). */
  seal: (plain: string) => string;
}

export interface EditOutcome<T> {
  file: string;
  changed: boolean;
  diff: string;
  backup?: string;
  result: T;
}

export function editTextFile<T>(opts: EditOptions<T>): EditOutcome<T> {
  const target = resolveWriteTarget(opts.file);
  if (!opts.dryRun) assertWritable(opts.file, target);
  const run = (): EditOutcome<T> => {
    for (let attempt = 1; attempt <= EDIT_ATTEMPTS; attempt++) {
      const seen = readVersion(target);
      const { text, bom } = decodeText(seen.bytes);
      const planned = opts.plan({ text, eol: detectEol(text) });
      const changed = planned.text !== text;
      const diff = redactText(unifiedDiff(text, planned.text, opts.file), opts.redact?.() ?? []);
      if (!changed || opts.dryRun) return { file: opts.file, changed, diff, result: planned.result };
      const backup = backupConfig({
        dataDir: opts.dataDir,
        file: opts.file,
        bytes: seen.bytes,
        label: opts.label,
        now: opts.now(),
        seal: opts.seal,
      });
      if (
        writeFileAtomic(target, encodeText(planned.text, bom), seen.mode, {
          stillCurrent: () => isStillVersion(target, seen),
        })
      ) {
        return { file: opts.file, changed, diff, backup, result: planned.result };
      }
      fs.rmSync(backup, { force: true }); // a copy of a version we did not replace
    }
    throw new CompanionError(
      'config_busy',
      `${opts.file} kept changing while it was being edited (another program rewrote it ${EDIT_ATTEMPTS} times); nothing was written. Try again when it is idle.`,
      { file: opts.file },
    );
  };
  return opts.dryRun ? run() : withFileLock(target, run, opts.now);
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('<redacted>');
  return out;
}
