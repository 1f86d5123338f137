// Where a VS Code extension keeps its own files: `<App>/User/globalStorage/<publisher.name>/`
// (VS Code lower-cases the extension id for this folder). The same extension can be installed in
// every VS Code-family editor, so each one's folder is looked at.

import { joinFor, vscodeUserDir } from './platform-paths.js';
import type { ClientContext } from './types.js';

/** User-folder names of VS Code-family editors that install extensions from a marketplace [inferred]. */
const VSCODE_HOSTS = ['Code', 'Code - Insiders', 'Cursor', 'Windsurf', 'VSCodium'];

/** `<App>/User/globalStorage/<extensionId>` of every VS Code-family editor. */
export function extensionStorageDirs(ctx: ClientContext, extensionId: string): string[] {
  return VSCODE_HOSTS.map((app) =>
    joinFor(ctx.platform, vscodeUserDir(ctx.env, ctx.platform, ctx.home, app), 'globalStorage', extensionId),
  );
}

/** One file inside every editor's storage folder of the extension. */
export function extensionStorageFiles(ctx: ClientContext, extensionId: string, ...rel: string[]): string[] {
  return extensionStorageDirs(ctx, extensionId).map((d) => joinFor(ctx.platform, d, ...rel));
}
