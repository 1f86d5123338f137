// A program that is not the companion, listening on a 127.0.0.1 port and recording every request
// line and Authorization it receives. Run as another user (nobody) where the machine allows it,
// as an attacker on a shared machine would be; else as another process of ours.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const SERVER = `
const http = require('node:http');
const srv = http.createServer((req, res) => {
  process.stdout.write(JSON.stringify(req.method + ' ' + req.url + ' ' + (req.headers.authorization || '')) + '\\n');
  res.writeHead(404).end('not a companion');
});
srv.listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('"listening"\\n'));
`;

export interface Squatter {
  /** Who it runs as: 'nobody' or 'same user'. */
  user: string;
  seen: string[];
  close(): Promise<void>;
}

export async function startSquatter(port: number): Promise<Squatter> {
  const asNobody = process.getuid?.() === 0 && fs.existsSync('/usr/bin/setpriv');
  const node = [process.execPath, '-e', SERVER, String(port)];
  const child = asNobody
    ? spawn('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...node], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(node[0]!, node.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const seen: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, nl)) as string;
        buffered = buffered.slice(nl + 1);
        if (line === 'listening') resolve();
        else seen.push(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`squatter exited (${code}) before listening`)));
  });
  return {
    user: asNobody ? 'nobody' : 'same user',
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
