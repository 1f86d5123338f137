// vitest globalSetup: a test run leaves no `mcpc-*` folder behind in the temporary folder.
//
// The run gets a temporary folder of its own (TMPDIR, inherited by the test workers and every
// process they start), so what is left in it at the end was created by this run and nothing
// else: a plain before/after listing of the shared os.tmpdir() would also count the folders of
// any other test run going on at the same time on the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LEFTOVER_PREFIX = 'mcpc-';

/** The `mcpc-*` entries of `dir`. */
export function leftovers(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.startsWith(LEFTOVER_PREFIX))
      .sort();
  } catch {
    return [];
  }
}

export function setup(): () => void {
  const outer = os.tmpdir();
  const runDir = fs.mkdtempSync(path.join(outer, 'vitest-run-'));
  // Like /tmp itself: some tests run the CLI as another user (nobody) on folders made in here.
  fs.chmodSync(runDir, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = leftovers(runDir);
    fs.rmSync(runDir, { recursive: true, force: true });
    if (left.length === 0) return;
    console.error(
      `\nerror: the tests left ${left.length} temporary folder(s) behind (now removed): ${left.join(', ')}\nEach test removes the temporary folders it makes (afterEach/afterAll, or the helper's close()/cleanup()).`,
    );
    // A throw here is only logged by vitest; the exit status is what CI reads.
    process.exitCode = 1;
  };
}
