// Homes whose `~/.codex/config.toml` holds the given text, with client operations over a test
// route host (ops-home.ts): the set-up of the Codex layout tests.
import fs from 'node:fs';
import path from 'node:path';
import { opsHomes, type OpsHome } from './ops-home.js';

/** Call at the top of a test file: `setup(content)` makes such a home, removed after the test. */
export function codexHomes(): (content: string) => OpsHome & { file: string } {
  const newHome = opsHomes({ fixture: null });
  return (content) => {
    const home = newHome();
    const file = path.join(home.h.home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return { ...home, file };
  };
}
