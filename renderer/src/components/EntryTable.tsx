import type { EntrySummary } from '../../../local-gateway/clients/types.js';
import { Badge } from './Badge.js';

export function EntryTable({ entries }: { entries: EntrySummary[] }) {
  return (
    <table className="table">
      <caption>Remote MCP servers in its config</caption>
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">State</th>
          <th scope="col">Talks to</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.file}|${e.name}`}>
            <td>
              {e.name}
              <div className="muted small">
                {e.scope} · {e.via === 'mcp-remote' ? 'via mcp-remote' : (e.transport ?? 'http')}
              </div>
            </td>
            <td>
              {e.kind === 'routed' ? <Badge tone="ok">Routed</Badge> : <Badge tone="warn">Not routed</Badge>}
              {e.readOnly && <div className="muted small">{e.readOnly}</div>}
            </td>
            <td className="small">
              <code>{e.url ?? '—'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
