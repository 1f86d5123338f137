import type { CachedCredential } from '../../../local-gateway/clients/types.js';
import { ageDays } from '../format.js';

/** Cached sign-ins, described — never a token or secret value (the API has none to give). */
export function CredentialTable({ items, caption }: { items: CachedCredential[]; caption: string }) {
  return (
    <table className="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Age</th>
          <th scope="col">Client id</th>
          <th scope="col">Stored in</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={`${c.store}|${c.key}`}>
            <td>
              {c.server}
              {c.url && <div className="muted small">{c.url}</div>}
            </td>
            <td>{ageDays(c.ageDays)}</td>
            <td>
              <code>{c.clientId ?? '—'}</code>
            </td>
            <td className="small">
              <code>{c.store}</code>
              <div className="muted">{c.key}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
