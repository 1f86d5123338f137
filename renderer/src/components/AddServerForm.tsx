import { useId, useState, type FormEvent } from 'react';
import type { ServerStatus } from '../../../local-gateway/api/contract.js';
import { useApi } from '../api/context.js';
import { useAction } from '../hooks/useAction.js';
import { BusyButton } from './BusyButton.js';
import { ErrorNote } from './ErrorNote.js';

/** "Name: value" lines → headers; the first malformed line is reported, not guessed at. */
function parseHeaderLines(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const i = line.indexOf(':');
    if (i <= 0) return `Each header line must look like "Name: value" (check "${line.slice(0, 30)}").`;
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function AddServerForm({ onAdded }: { onAdded(s: ServerStatus): void }) {
  const api = useApi();
  const id = useId();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [transport, setTransport] = useState<'streamable-http' | 'sse'>('streamable-http');
  const [headers, setHeaders] = useState('');
  const [problem, setProblem] = useState<string>();
  const add = useAction(api['servers.add']);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseHeaderLines(headers);
    if (typeof parsed === 'string') return setProblem(parsed);
    setProblem(undefined);
    const s = await add.run({
      name: name.trim(),
      url: url.trim(),
      transport,
      ...(Object.keys(parsed).length ? { headers: parsed } : {}),
    });
    if (s) {
      setName('');
      setUrl('');
      setHeaders('');
      onAdded(s);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add a server</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,62}"
          placeholder="linear"
          aria-describedby={`${id}-name-hint`}
        />
        <span id={`${id}-name-hint`} className="muted small">
          Letters, digits, “.”, “_” and “-”. It becomes part of the local URL.
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>MCP server URL</label>
        <input
          id={`${id}-url`}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
          placeholder="https://mcp.example.com/mcp"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-transport`}>Transport</label>
        <select
          id={`${id}-transport`}
          value={transport}
          onChange={(e) => setTransport(e.target.value as 'streamable-http' | 'sse')}
        >
          <option value="streamable-http">Streamable HTTP</option>
          <option value="sse">Legacy HTTP + SSE</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-headers`}>Extra headers (optional)</label>
        <textarea
          id={`${id}-headers`}
          value={headers}
          onChange={(e) => setHeaders(e.target.value)}
          rows={2}
          placeholder="X-Api-Key: …"
          aria-describedby={`${id}-headers-hint`}
        />
        <span id={`${id}-headers-hint`} className="muted small">
          One “Name: value” per line, sent to the server on every request.
        </span>
      </div>
      <ErrorNote message={problem ?? add.error} />
      <div className="actions">
        <BusyButton type="submit" tone="primary" busy={add.busy} busyLabel="Adding…">
          Add server
        </BusyButton>
      </div>
    </form>
  );
}
