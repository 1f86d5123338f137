// Plain key/value settings (port, preferences). Never used for secrets.
import type { StoreContext } from './context.js';

export function createSettings({ db }: StoreContext) {
  const get = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const set = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    getSetting(key: string): string | undefined {
      return get.get(key);
    },
    setSetting(key: string, value: string): void {
      set.run(key, value);
    },
  };
}
