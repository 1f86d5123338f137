// Child process: the CONNECT proxy of the proxied-TLS workload (proxied-tls.ts), resolving the
// corp host name given as argv[2] to 127.0.0.1; prints its port. A process of its own, as a real
// proxy is, so its work is not charged to the gateway's event loop.
import { startCorpProxy } from '../support/corp-net/corp-proxy.js';

const proxy = await startCorpProxy({ hosts: [process.argv[2]!] });
process.stdout.write(`${proxy.port}\n`);
process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
