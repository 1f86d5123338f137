// VS Code Insiders: VS Code's preview build, with its own user folder `Code - Insiders/User`
// (`mcp.json` there) and the same `.vscode/mcp.json` project file [official-doc:
// code.visualstudio.com/docs/copilot/customization/mcp-servers; user folder per VS Code's
// product.json `dataFolderName`/`nameShort` of the Insiders build, inferred].

import { vscodeEditionAdapter } from './vscode.js';

export const vscodeInsidersAdapter = vscodeEditionAdapter({
  id: 'vscode-insiders',
  displayName: 'VS Code Insiders',
  app: 'Code - Insiders',
  // `Code - Insiders` (macOS), `Code - Insiders.exe`, `code-insiders` (Linux) [inferred].
  processNames: ['Code - Insiders', 'Code - Insiders.exe', 'code-insiders'],
});
