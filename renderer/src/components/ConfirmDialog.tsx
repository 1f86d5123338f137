import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  confirmLabel: string;
  /** Hide the confirm button when there is nothing to confirm. */
  canConfirm?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A modal <dialog>: focus moves in, Escape cancels, focus returns to the opener when it closes. */
export function ConfirmDialog({ title, confirmLabel, canConfirm = true, onConfirm, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="actions">
        <button type="button" className="btn btn-plain" onClick={onCancel} autoFocus>
          {canConfirm ? 'Cancel' : 'Close'}
        </button>
        {canConfirm && (
          <button type="button" className="btn btn-danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        )}
      </div>
    </dialog>
  );
}
