// The outcome of an action: the server's error, or a short note of what was done.
export function Message({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'console-ok' : 'error'}>
      {message.text}
    </p>
  );
}
