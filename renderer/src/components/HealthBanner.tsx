import { useEffect } from 'react';
import type { Overview } from '../../../local-gateway/api/contract.js';
import { useApi } from '../api/context.js';
import { plainError } from '../api/errors.js';
import { useInterval } from '../hooks/useInterval.js';
import { useLoad } from '../hooks/useLoad.js';
import { Badge, type BadgeTone } from './Badge.js';

const TONE: Record<Overview['health'], [BadgeTone, string]> = {
  healthy: ['ok', 'All good'],
  refreshing: ['info', 'Signing in…'],
  action_needed: ['warn', 'Action needed'],
  failed: ['bad', 'Something failed'],
};

/** The overall state in the header, refreshed every few seconds. */
export function HealthBanner() {
  const api = useApi();
  const status = useLoad(() => api['status.get']({}));
  useInterval(() => void status.reload(), 3000);
  // Switching views is a natural moment to be current (an action there may have changed it).
  useEffect(() => {
    const onHash = () => void status.reload();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [status.reload]);
  if (status.error && !status.data)
    return (
      <div className="health" role="status">
        <Badge tone="bad">Offline</Badge> <span className="muted small">{plainError(status.error)}</span>
      </div>
    );
  if (!status.data) return <div className="health" />;
  const [tone, label] = TONE[status.data.health];
  return (
    <div className="health" role="status" aria-live="polite">
      <Badge tone={tone}>{label}</Badge>
      {status.data.attention.length > 0 && (
        <span className="muted small">
          {status.data.attention.slice(0, 2).join(' ')}
          {status.data.attention.length > 2 ? ` (+${status.data.attention.length - 2} more)` : ''}
        </span>
      )}
    </div>
  );
}
