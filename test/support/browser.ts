// A scripted stand-in for the user's browser: follows the authorization redirect chain to the
// companion's callback (the control plane auto-approves), and records every URL it was given.
export interface FakeBrowser {
  opened: string[];
  pages: Array<{ status: number; body: string }>;
  open(url: string): Promise<void>;
  /** Makes the browser ignore new URLs (a user who never finishes signing in). */
  stall(on: boolean): void;
}

export function fakeBrowser(): FakeBrowser {
  let stalled = false;
  const b: FakeBrowser = {
    opened: [],
    pages: [],
    stall: (on) => {
      stalled = on;
    },
    async open(url) {
      b.opened.push(url);
      if (stalled) return;
      // Like a real browser tab, the page loads after the opener returns.
      setImmediate(() => {
        fetch(url, { redirect: 'follow' })
          .then(async (res) => {
            b.pages.push({ status: res.status, body: await res.text() });
          })
          .catch((err: unknown) => {
            b.pages.push({ status: 0, body: String(err) });
          });
      });
    },
  };
  return b;
}
