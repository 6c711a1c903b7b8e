/**
 * Which origins a login token may be bound to: exactly `https://host[:port]` (no path, query,
 * fragment, user info or trailing slash, as Web eID's validateIsOriginURL), plus the development
 * origins http://localhost[:port], http://127.0.0.1[:port] and http://*.localhost[:port] (DESIGN.md).
 */

export type OriginProblem = 'notAnOrigin' | 'insecureScheme';

const ORIGIN_RE = /^(https?):\/\/([^/?#@\s:]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?$/;

/** Returns undefined when `origin` is acceptable, else why not. */
export function checkLoginOrigin(origin: unknown): OriginProblem | undefined {
  if (typeof origin !== 'string' || origin.length === 0 || origin.length > 255) return 'notAnOrigin';
  const m = ORIGIN_RE.exec(origin);
  if (!m) return 'notAnOrigin';
  const [, scheme, host, port] = m;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'notAnOrigin';
  }
  // Reject anything the URL parser would normalise (case, default port, IDN…): the origin must be canonical.
  if (url.origin !== origin) return 'notAnOrigin';
  if (port !== undefined && (Number(port) === 0 || Number(port) > 65535)) return 'notAnOrigin';
  if (scheme === 'https') return undefined;
  const h = host!;
  if (h === 'localhost' || h === '127.0.0.1' || h.endsWith('.localhost')) return undefined;
  return 'insecureScheme';
}
