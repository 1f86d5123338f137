import { useId } from 'react';
import { eventLabel, KNOWN_TYPES } from '../events.js';

export interface Filter {
  type: string;
  server: string;
}

interface Props {
  filter: Filter;
  servers: string[];
  live: boolean;
  onChange(f: Filter): void;
  onLive(on: boolean): void;
}

export function EventFilters({ filter, servers, live, onChange, onLive }: Props) {
  const id = useId();
  return (
    <div className="filters" role="group" aria-label="Filter events">
      <div className="field inline">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} value={filter.type} onChange={(e) => onChange({ ...filter, type: e.target.value })}>
          <option value="">All types</option>
          {KNOWN_TYPES.map((t) => (
            <option key={t} value={t}>
              {eventLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor={`${id}-server`}>Server</label>
        <select
          id={`${id}-server`}
          value={filter.server}
          onChange={(e) => onChange({ ...filter, server: e.target.value })}
        >
          <option value="">All servers</option>
          {servers.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <input id={`${id}-live`} type="checkbox" checked={live} onChange={(e) => onLive(e.target.checked)} />
        <label htmlFor={`${id}-live`}>Live updates</label>
      </div>
    </div>
  );
}
