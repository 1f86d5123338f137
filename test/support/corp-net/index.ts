// A corporate network in one process: a control plane serving HTTPS as `mcp.corp.test` with a
// certificate from a private CA made at test time, and a CONNECT proxy that alone can resolve
// that name. Used by the integration tests, the Electron test and the benchmark.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../control-plane/index.js';
import { startCorpProxy, type CorpProxy } from './corp-proxy.js';
import { makePrivateCaFile, type PrivateCaFile } from '../private-ca.js';

export const CORP_HOST = 'mcp.corp.test';

export interface CorpNetwork {
  ca: PrivateCaFile;
  cp: ControlPlane;
  proxy: CorpProxy;
  close(): Promise<void>;
}

export async function startCorpNetwork(
  opts: { cp?: ControlPlaneOptions; proxyAuth?: { user: string; password: string } } = {},
): Promise<CorpNetwork> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-corp-'));
  try {
    const ca = await makePrivateCaFile(dir, [CORP_HOST]);
    const cp = await startControlPlane({ ...opts.cp, tls: { key: ca.key, cert: ca.cert }, publicHost: CORP_HOST });
    const proxy = await startCorpProxy({ hosts: [CORP_HOST], auth: opts.proxyAuth });
    return {
      ca,
      cp,
      proxy,
      async close() {
        await proxy.close();
        await cp.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
