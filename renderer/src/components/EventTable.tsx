import type { CompanionEvent } from '../../../local-gateway/api/contract.js';
import { clock } from '../format.js';
import { eventLabel, eventSummary } from '../events.js';

export function EventTable({ events }: { events: CompanionEvent[] }) {
  return (
    <table className="table events">
      <caption className="visually-hidden">Recent events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Server</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-type={e.type}>
            <td>
              <time dateTime={new Date(e.at).toISOString()}>{clock(e.at)}</time>
            </td>
            <td>{eventLabel(e.type)}</td>
            <td>{e.server ?? '—'}</td>
            <td className="small">{eventSummary(e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
