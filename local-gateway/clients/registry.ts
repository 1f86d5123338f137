// All client adapters. Adding a client = one file in ./adapters, one line here, plus fixtures.

import { CompanionError } from '../core/errors.js';
import { claudeCodeAdapter } from './adapters/claude-code.js';
import { claudeDesktopAdapter } from './adapters/claude-desktop.js';
import { codexAdapter } from './adapters/codex.js';
import { cursorAdapter } from './adapters/cursor.js';
import { geminiAdapter } from './adapters/gemini.js';
import { opencodeAdapter } from './adapters/opencode.js';
import { vscodeAdapter } from './adapters/vscode.js';
import { windsurfAdapter } from './adapters/windsurf.js';
import { CLIENT_IDS, type ClientAdapter } from './types.js';

const ADAPTERS: readonly ClientAdapter[] = [cursorAdapter, claudeDesktopAdapter, claudeCodeAdapter, opencodeAdapter, vscodeAdapter, windsurfAdapter, codexAdapter, geminiAdapter];

export function listAdapters(): readonly ClientAdapter[] {
  return ADAPTERS;
}

export { isClientId } from './types.js';

export function getAdapter(id: string): ClientAdapter {
  const a = ADAPTERS.find((x) => x.id === id);
  if (!a) throw new CompanionError('bad_input', `unknown client "${id}"; known clients: ${CLIENT_IDS.join(', ')}`, { client: id });
  return a;
}
