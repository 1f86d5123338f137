// Copies of a config file taken before each write, under `<dataDir>/backups/configs/<file>/`.
// A config holds API keys (and, once routed, a local token), so the copy is sealed with the
// data dir's secret box like reset backups, written 0600, and only the last KEEP_CONFIG_BACKUPS
// per config file are kept (a 50 MB config must not cost 50 MB per route forever). Plaintext
// copies an earlier version left in `<dataDir>/backups/` are sealed into the same place.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const KEEP_CONFIG_BACKUPS = 10;

export interface ConfigBackupFile {
  version: 1;
  file: string;
  label: string;
  at: string;
  /** The file's bytes, base64, sealed. */
  sealed: string;
}

export function timestampForFile(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

export interface BackupInput {
  dataDir: string;
  file: string;
  bytes: Buffer;
  label: string;
  now: number;
  seal: (plain: string) => string;
}

/** Seals `bytes` (the file as it was before the edit), prunes older copies, returns the backup path. */
export function backupConfig(input: BackupInput): string {
  const dir = backupDirFor(input.dataDir, input.file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  sealLegacyBackups(input, dir);
  const target = writeSealed(dir, input.file, input.label, input.now, input.bytes, input.seal);
  prune(dir);
  return target;
}

export function readConfigBackup(backup: string, open: (sealed: string) => string): { file: string; bytes: Buffer } {
  const body = JSON.parse(fs.readFileSync(backup, 'utf8')) as ConfigBackupFile;
  return { file: body.file, bytes: Buffer.from(open(body.sealed), 'base64') };
}

function backupDirFor(dataDir: string, file: string): string {
  const hash = crypto.createHash('sha256').update(file).digest('hex').slice(0, 12);
  return path.join(dataDir, 'backups', 'configs', `${safeName(file).slice(-80)}-${hash}`);
}

function safeName(file: string): string {
  return file
    .replace(/^[A-Za-z]:/, '')
    .replace(/[\\/]+/g, '_')
    .replace(/^_+/, '');
}

function writeSealed(
  dir: string,
  file: string,
  label: string,
  now: number,
  bytes: Buffer,
  seal: (plain: string) => string,
): string {
  const stamp = timestampForFile(now);
  let target = path.join(dir, `${stamp}-${label}.json`);
  for (let n = 1; fs.existsSync(target); n++) target = path.join(dir, `${stamp}-${label}.${n}.json`);
  const body: ConfigBackupFile = {
    version: 1,
    file,
    label,
    at: new Date(now).toISOString(),
    sealed: seal(bytes.toString('base64')),
  };
  fs.writeFileSync(target, JSON.stringify(body) + '\n', { mode: 0o600, flag: 'wx' });
  return target;
}

/** Oldest first: by timestamp, then by the collision counter. */
function prune(dir: string): void {
  const key = (name: string): [string, number] => {
    const m = /^(.+Z)-.*?(?:\.(\d+))?\.json$/.exec(name);
    return [m?.[1] ?? name, Number(m?.[2] ?? 0)];
  };
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  names.sort((a, b) => {
    const [ta, na] = key(a);
    const [tb, nb] = key(b);
    return ta < tb ? -1 : ta > tb ? 1 : na - nb;
  });
  for (const name of names.slice(0, Math.max(0, names.length - KEEP_CONFIG_BACKUPS)))
    fs.rmSync(path.join(dir, name), { force: true });
}

/** `<dataDir>/backups/<timestamp>[-n]-<label>-<safe name>`: plaintext, from before sealing. */
function sealLegacyBackups(input: BackupInput, dir: string): void {
  const root = path.join(input.dataDir, 'backups');
  const suffix = `-${input.label}-${safeName(input.file)}`;
  for (const name of fs.readdirSync(root)) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(?:-\d+)?$/.exec(
      name.endsWith(suffix) ? name.slice(0, -suffix.length) : '',
    );
    if (!m) continue;
    const legacy = path.join(root, name);
    if (!fs.statSync(legacy).isFile()) continue;
    const at = Date.parse(m[1]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z'));
    writeSealed(dir, input.file, input.label, Number.isNaN(at) ? input.now : at, fs.readFileSync(legacy), input.seal);
    fs.rmSync(legacy, { force: true });
  }
}
