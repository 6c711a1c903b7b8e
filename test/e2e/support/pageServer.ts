/**
 * Serves the test page and the SDK on every interface: http://127.0.0.1:<port>
 * is a local development origin, http://localhost:<port> a second (cross-)origin
 * for iframes, and http://<LAN address>:<port> a plain-http origin Kyso must refuse.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Kyso e2e</title>
<script src="/kyso-sdk.js"></script>
<script>
window.call = async (method, ...args) => {
  const progress = [];
  try {
    if (method === 'signBatch') args[0] = { ...args[0], onProgress: (p) => progress.push(p) };
    if (method === 'signCms') {
      const bytes = Uint8Array.from(atob(args[0]), (c) => c.charCodeAt(0));
      const der = await KysoSdk.Kyso.signCms(bytes, args[1]);
      return { ok: true, value: btoa(String.fromCharCode(...der)) };
    }
    const value = await KysoSdk.Kyso[method](...args);
    return { ok: true, value, progress };
  } catch (e) {
    return { ok: false, code: e.code, name: e.name, message: String(e.message) };
  }
};
window.rawReplies = [];
window.addEventListener('message', (e) => { if (e.data && e.data.kyso === 1 && !('method' in e.data)) window.rawReplies.push(e.data); });
</script></head><body><h1>Kyso e2e</h1>
<iframe id="cross" src="about:blank"></iframe><iframe id="same" src="about:blank"></iframe></body></html>`;

export interface PageServer {
  port: number;
  local: string;
  crossOrigin: string;
  /** A plain-http origin that is not a development origin (LAN address, else [::1]); undefined if neither exists. */
  insecure: string | undefined;
  close(): Promise<void>;
}

function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

export async function startPageServer(sdkFile: string): Promise<PageServer> {
  const sdk = readFileSync(sdkFile);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/kyso-sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(sdk);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  // Dual stack when the machine has IPv6 (so http://[::1] can stand in for a LAN address), else IPv4.
  const dualStack = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EAFNOSUPPORT' || e.code === 'EADDRNOTAVAIL') resolve(false);
      else reject(e);
    });
    server.listen(0, '::', () => resolve(true));
  });
  if (!dualStack) await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  const port = (server.address() as AddressInfo).port;
  const lan = lanAddress();
  return {
    port,
    local: `http://127.0.0.1:${port}`,
    crossOrigin: `http://localhost:${port}`,
    insecure: lan ? `http://${lan}:${port}` : dualStack ? `http://[::1]:${port}` : undefined,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
