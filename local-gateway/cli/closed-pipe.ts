// `mcp-companion server list | head -1`: the reader may go away before everything is written.
// Node then emits EPIPE on process.stdout, and an unhandled stream error is a crash with a
// stack trace. The rest of the output has nowhere to go: drop it quietly, as `ls | head` does.
let installed = false;

export function ignoreClosedPipes(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') return;
      // Any other output failure: nothing left to report it on; exit non-zero without a trace.
      process.exitCode = 1;
    });
  }
}
