// All client adapters. Adding a client = one file in ./adapters, one line here, plus fixtures.

import { claudeCodeAdapter } from './adapters/claude-code.js';
import { claudeDesktopAdapter } from './adapters/claude-desktop.js';
import { codexAdapter } from './adapters/codex.js';
import { cursorAdapter } from './adapters/cursor.js';
import { geminiAdapter } from './adapters/gemini.js';
import { opencodeAdapter } from './adapters/opencode.js';
import { vscodeAdapter } from './adapters/vscode.js';
import { windsurfAdapter } from './adapters/windsurf.js';
import { continueAdapter } from './adapters/continue.js';
import { copilotCliAdapter } from './adapters/copilot-cli.js';
import { qwenAdapter } from './adapters/qwen.js';
import { ampAdapter } from './adapters/amp.js';
import type { ClientAdapter, ClientId } from './types.js';

const ADAPTERS: readonly ClientAdapter[] = [
  cursorAdapter,
  claudeDesktopAdapter,
  claudeCodeAdapter,
  opencodeAdapter,
  vscodeAdapter,
  windsurfAdapter,
  codexAdapter,
  geminiAdapter,
  continueAdapter,
  copilotCliAdapter,
  qwenAdapter,
  ampAdapter,
];
// Keyed by ClientId: the compiler checks that every id has its adapter, so a lookup cannot miss.
const BY_ID = Object.fromEntries(ADAPTERS.map((a) => [a.id, a])) as Record<ClientId, ClientAdapter>;

export function listAdapters(): readonly ClientAdapter[] {
  return ADAPTERS;
}

/** The adapter of a client id already checked at the boundary (the contract's schema). */
export function getAdapter(id: ClientId): ClientAdapter {
  return BY_ID[id];
}
