// The admin API's credential for local programs (the CLI talking to a running `serve`):
// a random token in a 0600 file in the data dir, so only this user can read it.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, 'admin.token');
}

export function readOrCreateAdminToken(dataDir: string): string {
  const file = adminTokenPath(dataDir);
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export function readAdminToken(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(adminTokenPath(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Does the listener on 127.0.0.1:port accept this data dir's admin token? Call it only for the
 * port the data dir's lock holder announced: the token is the proof, so it must not go elsewhere.
 */
export async function answersAsCompanion(port: number, token: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
