/**
 * The child side of `startBenchServer` (portalProcess.ts): starts a bench server, prints one line
 * `{"ready":"<url>"}` on stdout once it listens, closes it on SIGTERM, and exits 1 with a one-line
 * message when it cannot start.
 */
export function serveBenchServer(
  name: string,
  start: () => Promise<{ url: string; close(): Promise<unknown> }>,
): void {
  start().then(
    (server) => {
      process.stdout.write(`${JSON.stringify({ ready: server.url })}\n`);
      process.once('SIGTERM', () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    },
    (e: unknown) => {
      process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
