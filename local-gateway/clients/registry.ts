// All client adapters. Adding a client = one file in ./adapters, one line here, plus fixtures.

import { claudeCodeAdapter } from './adapters/claude-code.js';
import { claudeDesktopAdapter } from './adapters/claude-desktop.js';
import { codexAdapter } from './adapters/codex.js';
import { cursorAdapter } from './adapters/cursor.js';
import { geminiAdapter } from './adapters/gemini.js';
import { opencodeAdapter } from './adapters/opencode.js';
import { vscodeAdapter } from './adapters/vscode.js';
import { windsurfAdapter } from './adapters/windsurf.js';
import { crushAdapter } from './adapters/crush.js';
import { augmentAdapter } from './adapters/augment.js';
import { factoryAdapter } from './adapters/factory.js';
import { gooseAdapter } from './adapters/goose.js';
import { zedAdapter } from './adapters/zed.js';
import { lmStudioAdapter } from './adapters/lm-studio.js';
import { junieAdapter } from './adapters/junie.js';
import { kiroAdapter } from './adapters/kiro.js';
import { amazonQAdapter } from './adapters/amazon-q.js';
import { traeAdapter } from './adapters/trae.js';
import { warpAdapter } from './adapters/warp.js';
import { vscodeInsidersAdapter } from './adapters/vscode-insiders.js';
import { clineAdapter } from './adapters/cline.js';
import { rooCodeAdapter } from './adapters/roo-code.js';
import { kiloCodeAdapter } from './adapters/kilo-code.js';
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
  crushAdapter,
  augmentAdapter,
  factoryAdapter,
  gooseAdapter,
  zedAdapter,
  lmStudioAdapter,
  junieAdapter,
  kiroAdapter,
  amazonQAdapter,
  traeAdapter,
  warpAdapter,
  vscodeInsidersAdapter,
  clineAdapter,
  rooCodeAdapter,
  kiloCodeAdapter,
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
