// Global setup of the real-client tier: refuse to run unless this process is in a network
// namespace whose only interface is loopback, so no client CLI can reach beyond 127.0.0.1.
import fs from 'node:fs';

export default function setup(): void {
  const ifaces = fs
    .readFileSync('/proc/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((l) => l.split(':')[0]!.trim())
    .filter(Boolean);
  const others = ifaces.filter((i) => i !== 'lo');
  if (others.length > 0) {
    throw new Error(
      `test:clients must run in a loopback-only network namespace (found ${others.join(', ')}); use npm run test:clients`,
    );
  }
}
