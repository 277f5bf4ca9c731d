/**
 * For command-line tools in a pipeline (`npm run ask -- --json … | head -1`): when the reader closes the pipe, the
 * next write fails with EPIPE, emitted as an 'error' event that nobody handles — a stack trace and exit code 1.
 * Node ignores SIGPIPE, so this is the place to do what a shell tool does: stop quietly, with success.
 * Other stream errors keep their default behaviour (thrown).
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream = process.stdout, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return exit(0);
    throw error;
  });
}
