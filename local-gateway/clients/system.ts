// The two pieces of the OS the adapters touch besides files: the process list (is the client
// running?) and the macOS keychain (Claude Code keeps its credential blob there). Each has a
// real implementation here and a fake in tests.

import { execFile } from 'node:child_process';

export interface ProcessLister {
  /** Executable names (or paths) of running processes. */
  list(): Promise<string[]>;
}

export interface Keychain {
  /** The password of a generic-password item, or undefined when there is none. */
  read(service: string, account: string): Promise<string | undefined>;
  /** Creates or replaces the item's password. */
  write(service: string, account: string, secret: string): Promise<void>;
}

function run(cmd: string, args: string[], input?: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : 1
        : 0;
      resolve({ code, stdout: String(stdout) });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `ps -A -o comm=` on macOS/Linux, `tasklist` on Windows. */
export function systemProcessLister(platform: NodeJS.Platform): ProcessLister {
  return {
    async list() {
      if (platform === 'win32') {
        const { stdout } = await run('tasklist', ['/fo', 'csv', '/nh']);
        return stdout
          .split(/\r?\n/)
          .map((l) => /^"([^"]+)"/.exec(l)?.[1] ?? '')
          .filter(Boolean);
      }
      const { stdout } = await run('ps', ['-A', '-o', 'comm=']);
      return stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    },
  };
}

/**
 * True when a process's executable base name matches one of `names`. Case matters outside
 * Windows: `Claude` (Claude Desktop) and `claude` (Claude Code) are different programs.
 */
export async function anyRunning(lister: ProcessLister, names: string[], ignoreCase = false): Promise<boolean> {
  const norm = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const wanted = new Set(names.map(norm));
  const procs = await lister.list();
  return procs.some((p) => wanted.has(norm(p.split(/[\\/]/).pop() ?? p)));
}

/**
 * The macOS `security` tool. The secret is written through `security -i` on stdin as hex
 * (`-X`), so it never appears in a process's argument list.
 */
export function securityCliKeychain(): Keychain {
  return {
    async read(service, account) {
      const { code, stdout } = await run('security', ['find-generic-password', '-s', service, '-a', account, '-w']);
      if (code !== 0) return undefined;
      return stdout.replace(/\n$/, '');
    },
    async write(service, account, secret) {
      const hex = Buffer.from(secret, 'utf8').toString('hex');
      const q = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;
      const { code } = await run(
        'security',
        ['-i'],
        `add-generic-password -U -s ${q(service)} -a ${q(account)} -X ${hex}\n`,
      );
      if (code !== 0) throw new Error(`security add-generic-password failed for ${service}`);
    },
  };
}

/** An in-memory keychain (tests, and platforms without one). */
export function memoryKeychain(items: Record<string, string> = {}): Keychain & { items: Record<string, string> } {
  const key = (s: string, a: string) => `${s}\u0000${a}`;
  const store: Record<string, string> = {};
  for (const [k, v] of Object.entries(items)) store[k] = v;
  return {
    items: store,
    async read(service, account) {
      return store[key(service, account)];
    },
    async write(service, account, secret) {
      store[key(service, account)] = secret;
    },
  };
}

export function keychainKey(service: string, account: string): string {
  return `${service}\u0000${account}`;
}
