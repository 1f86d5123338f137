import type { ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy?: boolean;
  busyLabel?: string;
  tone?: 'primary' | 'danger' | 'plain';
}

/** A real <button> that shows progress while its work runs and cannot be pressed twice. */
export function BusyButton({ busy = false, busyLabel, tone = 'plain', children, disabled, className, ...rest }: Props) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${tone}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy}
    >
      {busy && <span className="spinner spinner-small" aria-hidden="true" />}
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
