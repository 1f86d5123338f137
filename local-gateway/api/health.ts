// Overall health, as the tray icon and the dashboard header show it. Pure.
import type { ServerStatus } from '../services/servers.js';
import type { Health } from './contract.js';

export function deriveHealth(servers: ServerStatus[]): { health: Health; attention: string[] } {
  if (servers.length === 0) return { health: 'action_needed', attention: ['No upstream servers yet: add one.'] };
  const attention: string[] = [];
  let health: Health = 'healthy';
  const worse = (h: Health) => {
    const order: Health[] = ['healthy', 'refreshing', 'action_needed', 'failed'];
    if (order.indexOf(h) > order.indexOf(health)) health = h;
  };
  for (const s of servers) {
    if (s.authProblem) {
      worse('failed');
      attention.push(s.authProblem);
    } else if (s.authKind !== 'oauth' && s.auth !== 'signing_in') {
      // Public and API-key servers need no sign-in; an unknown one is learned on first use.
      continue;
    } else if (s.auth === 'signing_in') {
      worse('refreshing');
      attention.push(`${s.name}: waiting for sign-in in the browser.`);
    } else if (s.auth !== 'signed_in' && s.lastError) {
      worse('failed');
      attention.push(`${s.name}: ${s.lastError}`);
    } else if (s.auth !== 'signed_in') {
      worse('action_needed');
      attention.push(`${s.name}: sign-in needed.`);
    }
  }
  return { health, attention };
}
