// A client with no file the companion can edit, through the real binary: `clients` names it with
// why and the manual steps (text and --json), and `route`/`reset` refuse it with that reason.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { runCli } from '../support/cli.js';

let t: TempHome;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = makeHome('linux');
  env = {
    ...t.env,
    PATH: process.env.PATH,
    MCP_COMPANION_HOME: t.dataDir,
    XDG_CONFIG_HOME: path.join(t.home, '.config'),
  };
});
afterEach(() => t.cleanup());

describe('unsupported clients in the CLI', () => {
  it('`clients` lists them after the supported ones, with why and numbered manual steps', async () => {
    const text = await runCli(['clients'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Zed \(zed\): installed, configured/m);
    expect(text.stdout).toMatch(
      /Not supported \(no file-based MCP config\)[^]*JetBrains AI Assistant \(jetbrains-ai\): /,
    );
    expect(text.stdout).toMatch(/^ {2}1\. .*mcp-companion connect <server> --as jetbrains-ai/m);

    const json = await runCli(['clients', '--json'], env);
    const list = JSON.parse(json.stdout) as Array<{ id: string; supported?: boolean; manualSteps?: string[] }>;
    const jb = list.find((c) => c.id === 'jetbrains-ai')!;
    expect(jb.supported).toBe(false);
    expect(jb.manualSteps!.length).toBeGreaterThan(1);
    // The supported clients come first, unchanged in shape.
    expect(list.filter((c) => c.supported === undefined).map((c) => c.id)).toContain('warp');
  });

  it('route and reset name the reason instead of "unknown client", and exit 1', async () => {
    for (const cmd of ['route', 'reset']) {
      const r = await runCli([cmd, 'jetbrains-ai'], env);
      expect(r.code, cmd).toBe(1);
      expect(r.stderr, cmd).toMatch(/JetBrains AI Assistant cannot be routed or reset: .*`mcp-companion clients`/);
    }
  });
});
