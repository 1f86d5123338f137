export function ErrorNote({ message, onDismiss }: { message: string | undefined; onDismiss?: () => void }) {
  if (!message) return null;
  return (
    <div className="note note-error" role="alert">
      <span>{message}</span>
      {onDismiss && (
        <button type="button" className="btn btn-plain btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
