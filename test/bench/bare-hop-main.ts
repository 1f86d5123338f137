// Child process: the bare hop in front of the upstream origin given as argv[2]; prints its port.
import type { AddressInfo } from 'node:net';
import { createBareHop } from './bare-hop.js';

const server = createBareHop(process.argv[2]!);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
// A normal exit (not the default SIGTERM death) lets --cpu-prof write its profile.
process.on('SIGTERM', () => process.exit(0));
