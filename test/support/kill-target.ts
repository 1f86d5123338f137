// The victim of the SIGKILL loop: a companion process that registers, signs in, refreshes and
// rewrites a client config in a tight loop until it is killed at a random moment.
import { createCompanion } from '../../local-gateway/companion.js';

const [dataDir, home, cpServer] = process.argv.slice(2) as [string, string, string];
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/.config` };
const c = createCompanion({
  dataDir,
  env,
  platform: 'linux',
  processes: { list: async () => [] },
  openBrowser: async (url) => {
    void fetch(url)
      .then((r) => r.text())
      .catch(() => undefined);
  },
});
await c.listen();
const server = c.store.getServer(cpServer)!;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  // Alternate, so that kills land with the config in either state and during either rewrite.
  if (i % 2 === 0) await c.clients.route('cursor');
  else await c.clients.unroute('cursor');
  if (i % 3 === 0) c.oauth.logout(server.name, { forgetRegistration: true });
  await c.oauth.broker.token(server, new AbortController().signal); // registration + login when needed
  const t = c.store.getTokens(server.name);
  if (t) c.store.saveTokens({ ...t, expiresAt: Date.now() - 1 });
  c.oauth.broker.forget(server.name);
  await c.oauth.broker.token(server, new AbortController().signal); // refresh (rotating)
}
