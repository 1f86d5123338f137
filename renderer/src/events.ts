// Event types and details in words; detail keys that could name a secret are never shown.
import type { CompanionEvent } from '../../local-gateway/api/contract.js';

const LABELS: Record<string, string> = {
  'proxy.request': 'Request',
  'login.started': 'Sign-in started',
  'login.completed': 'Signed in',
  'login.failed': 'Sign-in failed',
  logout: 'Logged out',
  'registration.created': 'Registered',
  'registration.dropped': 'Registration dropped',
  'registration.stale': 'Registration went stale',
  'token.refreshed': 'Token refreshed',
  'token.dropped': 'Token dropped',
  'server.added': 'Server added',
  'server.removed': 'Server removed',
  'client.connected': 'Client connected',
  'client.routed': 'Client routed',
  'client.unrouted': 'Client restored',
  'client.reset': 'Credentials reset',
  'client.reset_undone': 'Reset undone',
  'client.gave_up_cleared': 'Cached give-ups cleared',
};

export const KNOWN_TYPES = Object.keys(LABELS);

export function eventLabel(type: string): string {
  return LABELS[type] ?? type;
}

const SECRETISH = /token|secret|password|cookie|authorization|api[-_]?key|code_verifier|^code$|^state$/i;

export function eventSummary(e: CompanionEvent): string {
  const d = e.detail;
  if (e.type === 'proxy.request') {
    const parts = [
      d.rpcMethod ?? d.method,
      d.status !== undefined ? `→ ${String(d.status)}` : undefined,
      typeof d.ms === 'number' ? `${d.ms} ms` : undefined,
    ];
    return parts
      .filter((p) => p !== undefined && p !== '')
      .map(String)
      .join(' ');
  }
  return Object.entries(d)
    .filter(([k, v]) => !SECRETISH.test(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}
