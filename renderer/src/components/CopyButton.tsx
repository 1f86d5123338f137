import { useState } from 'react';
import { copyText } from '../clipboard.js';

/** Copies `text`; says whether it worked (clipboard access can be refused). */
export function CopyButton({
  text,
  label = 'Copy',
  what,
}: {
  text: string | (() => Promise<string>);
  label?: string;
  what: string;
}) {
  const [state, setState] = useState<'idle' | 'busy' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState('busy');
    try {
      const value = typeof text === 'string' ? text : await text();
      setState((await copyText(value)) ? 'copied' : 'failed');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2500);
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-plain btn-small"
        onClick={() => void copy()}
        disabled={state === 'busy'}
        aria-label={`${label} ${what}`}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {state === 'copied' ? `${what} copied` : state === 'failed' ? `Could not copy ${what}` : ''}
      </span>
      {state === 'failed' && <span className="muted small">Copy failed: select the text and copy it by hand.</span>}
    </>
  );
}
