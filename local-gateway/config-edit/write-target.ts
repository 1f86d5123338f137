// Which file an edit really writes. A config that is a symlink (a dotfiles repo) is edited where
// it points, as editors do, so the link survives; the temp file, lock and rename live next to
// the target. A target the user cannot write is refused up front with nothing changed: rename
// would otherwise happily replace a read-only file, and a folder without write access would
// fail half-way with a bare EACCES.

import fs from 'node:fs';
import path from 'node:path';
import { CompanionError } from '../core/errors.js';

export function resolveWriteTarget(file: string): string {
  return fs.realpathSync(file);
}

export function assertWritable(file: string, target: string): void {
  const shown = target === file ? file : `${file} (a link to ${target})`;
  if (!canWrite(target)) {
    throw new CompanionError(
      'config_readonly',
      `${shown} is read-only; nothing was changed. Make it writable (chmod u+w) and run it again, or edit it by hand.`,
      { file, target },
    );
  }
  const dir = path.dirname(target);
  if (!canWrite(dir)) {
    throw new CompanionError(
      'config_readonly',
      `cannot edit ${shown}: its folder ${dir} is not writable (the file is replaced atomically through a temp file there); nothing was changed.`,
      { file, target },
    );
  }
}

function canWrite(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
