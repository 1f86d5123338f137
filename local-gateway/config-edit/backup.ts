// Timestamped copies of a config file taken before each write, under `<dataDir>/backups/`.

import fs from 'node:fs';
import path from 'node:path';

export function timestampForFile(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/** Copies `bytes` (the file as it was before the edit) and returns the backup path. */
export function backupBytes(dataDir: string, file: string, bytes: Buffer, label: string, now: number): string {
  const dir = path.join(dataDir, 'backups');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const safe = file.replace(/^[A-Za-z]:/, '').replace(/[\\/]+/g, '_').replace(/^_+/, '');
  let target = path.join(dir, `${timestampForFile(now)}-${label}-${safe}`);
  for (let n = 1; fs.existsSync(target); n++) target = path.join(dir, `${timestampForFile(now)}-${n}-${label}-${safe}`);
  // Config files can hold API keys: the backup is readable by the user only.
  fs.writeFileSync(target, bytes, { mode: 0o600, flag: 'wx' });
  return target;
}
