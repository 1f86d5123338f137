// A stand-in browser for the headless demo and CLI tests: set BROWSER="node <this file>".
// It loads the authorization URL and follows redirects back to the companion's callback,
// exactly what a user clicking "Allow" on an auto-approving consent page would cause.
const url = process.argv[process.argv.length - 1] ?? '';
const shown = new URL(url);
process.stderr.write(`[browser] opening ${shown.origin}${shown.pathname}\n`);
const res = await fetch(url, { redirect: 'follow' });
const body = await res.text();
const title = /<h1>(.*?)<\/h1>/.exec(body)?.[1] ?? `HTTP ${res.status}`;
process.stderr.write(`[browser] ${title}\n`);
