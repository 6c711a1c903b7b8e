/**
 * PathValidationCache (RevocationOptions.pathCache): reuse of successful results until the revocation
 * data they relied on, the certificates or the cache's maximum lifetime run out; never for failures.
 * Revocation comes from the demo PKI's OCSP responder through an injected fetch, with a new
 * RevocationCache per call so that only the path cache can spare a fetch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoIssuedCertificate, type DemoPki, loadDemoPki } from '../src/demo-pki/index.js';
import * as kysoLib from '../src/index.js';
import {
  DEFAULT_PATH_CACHE_TTL_MS,
  PathValidationCache,
  type PathValidationResult,
  RevocationCache,
  type RevocationFetch,
  type ValidatePathOptions,
  validatePath,
} from '../src/trust/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo responder's nextUpdate − thisUpdate. */
const OCSP_LIFETIME_MS = DAY;
/** The demo CAs' CRL nextUpdate − thisUpdate. */
const CRL_LIFETIME_MS = 7 * DAY;

let pki: DemoPki;
let holder: DemoIssuedCertificate;
/** Validation start: in the past, since an OCSP thisUpdate may not lie in the future of the real clock. */
const T0 = Date.now() - 5 * DAY;

beforeAll(async () => {
  pki = await loadDemoPki();
  holder = await pki.issue({
    caKey: 'vnpt',
    keyType: 'EC',
    notBefore: new Date(T0 - 10 * DAY),
    notAfter: new Date(T0 + 200 * DAY),
    subject: { fullName: 'Trần Thị Bình', cccd: '001190054321', province: 'Hà Nội' },
  });
});

/** An OCSP responder answering as of `responderTime`, counting requests. */
function responder() {
  const state = { responderTime: T0, requests: 0 };
  const fetch: RevocationFetch = async (_url, init) => {
    state.requests++;
    return pki.ocspRespond(init?.body ?? new Uint8Array(), new Date(state.responderTime));
  };
  return { state, fetch };
}

function options(
  fetch: RevocationFetch,
  cache: PathValidationCache,
  at: number,
  anchors: Uint8Array[] = [holder.root],
): ValidatePathOptions {
  return {
    trustAnchors: anchors,
    intermediates: holder.chain,
    time: new Date(at),
    revocation: {
      mode: 'ocsp',
      fetch,
      requireRevocationInfo: true,
      cache: new RevocationCache(),
      pathCache: cache,
    },
  };
}

function manualClock(start: number) {
  const c = { now: start };
  return { c, clock: () => c.now };
}

describe('PathValidationCache', () => {
  it('a second validation of the same chain is answered from the cache, without fetching', async () => {
    const { state, fetch } = responder();
    const { clock } = manualClock(T0);
    const cache = new PathValidationCache({ clock });
    const first = await validatePath(holder.certificate, options(fetch, cache, T0));
    expect(first.valid).toBe(true);
    expect(first.revocation.status).toBe('good');
    const fetched = state.requests;
    expect(fetched).toBeGreaterThan(0);
    expect(cache.stats).toEqual({ hits: 0, misses: 1, stored: 1 });
    const second = await validatePath(holder.certificate, options(fetch, cache, T0 + 60_000));
    expect(second).toEqual(first);
    expect(state.requests).toBe(fetched);
    expect(cache.stats.hits).toBe(1);
    // A copy: changing one caller's result does not change the next one's.
    second.path.length = 0;
    const third = await validatePath(holder.certificate, options(fetch, cache, T0 + 120_000));
    expect(third.path.length).toBe(first.path.length);
  });

  it('is not used for a validation time before the one it was computed for', async () => {
    const { state, fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock });
    await validatePath(holder.certificate, options(fetch, cache, T0));
    const fetched = state.requests;
    await validatePath(holder.certificate, options(fetch, cache, T0 - 1000));
    expect(state.requests).toBeGreaterThan(fetched);
    expect(cache.stats.hits).toBe(0);
  });

  it('misses once its maximum lifetime has passed on its clock (default 5 minutes)', async () => {
    const { state, fetch } = responder();
    const { c, clock } = manualClock(T0);
    const cache = new PathValidationCache({ clock });
    expect(cache.maxTtlMs).toBe(DEFAULT_PATH_CACHE_TTL_MS);
    await validatePath(holder.certificate, options(fetch, cache, T0));
    const fetched = state.requests;
    c.now = T0 + DEFAULT_PATH_CACHE_TTL_MS - 1;
    await validatePath(holder.certificate, options(fetch, cache, T0 + 1000));
    expect(state.requests).toBe(fetched);
    c.now = T0 + DEFAULT_PATH_CACHE_TTL_MS;
    await validatePath(holder.certificate, options(fetch, cache, T0 + 2000));
    expect(state.requests).toBeGreaterThan(fetched);
    expect(cache.stats.hits).toBe(1);
  });

  it('misses for a validation time past its maximum lifetime, whatever its own clock says', async () => {
    const { state, fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock, maxTtlMs: HOUR });
    await validatePath(holder.certificate, options(fetch, cache, T0));
    const fetched = state.requests;
    await validatePath(holder.certificate, options(fetch, cache, T0 + HOUR - 1));
    expect(state.requests).toBe(fetched);
    await validatePath(holder.certificate, options(fetch, cache, T0 + HOUR));
    expect(state.requests).toBeGreaterThan(fetched);
  });

  it('a revocation is seen once the OCSP answer the entry relied on reaches nextUpdate, not before', async () => {
    const cert = await pki.issue({
      caKey: 'vnpt',
      keyType: 'EC',
      notBefore: new Date(T0 - 10 * DAY),
      notAfter: new Date(T0 + 200 * DAY),
      subject: { fullName: 'Lê Văn Cường', cccd: '001090067890', province: 'Hà Nội' },
    });
    const { state, fetch } = responder();
    const { c, clock } = manualClock(T0);
    // A maximum lifetime longer than the OCSP answer's, so that nextUpdate is the bound tested.
    const cache = new PathValidationCache({ clock, maxTtlMs: 3 * DAY });
    const run = (at: number) => {
      c.now = at;
      state.responderTime = at;
      return validatePath(cert.certificate, {
        ...options(fetch, cache, at),
        intermediates: cert.chain,
        trustAnchors: [cert.root],
      });
    };
    expect((await run(T0)).revocation.status).toBe('good');
    pki.revoke('vnpt', cert.serialNumber, 'keyCompromise', new Date(T0 + HOUR));
    // Revoked, and the responder says so, but the entry still stands: the documented window.
    const inside = await run(T0 + OCSP_LIFETIME_MS - 1000);
    expect(inside.valid).toBe(true);
    expect(inside.revocation.status).toBe('good');
    const after = await run(T0 + OCSP_LIFETIME_MS);
    expect(after.valid).toBe(false);
    expect(after.revocation.status).toBe('revoked');
    expect(after.errors.map((e) => e.code)).toContain('REVOKED');
  });

  it('a revocation is seen once a fetched CRL the entry relied on reaches nextUpdate, not before', async () => {
    const cert = await pki.issue({
      caKey: 'vnpt',
      keyType: 'EC',
      notBefore: new Date(T0 - 10 * DAY),
      notAfter: new Date(T0 + 200 * DAY),
      subject: { fullName: 'Phạm Thu Dung', cccd: '001190098765', province: 'Hà Nội' },
    });
    const clock = manualClock(T0);
    let crlTime = T0;
    // Each CA's CRL as of crlTime, from its distribution point URL (…/crl/<ca>.crl).
    const fetch: RevocationFetch = async (url) =>
      pki.crl(/\/crl\/([^/]+)\.crl$/.exec(url)?.[1] ?? '', new Date(crlTime));
    const cache = new PathValidationCache({ clock: clock.clock, maxTtlMs: 30 * DAY });
    const run = (at: number) => {
      clock.c.now = at;
      crlTime = at;
      return validatePath(cert.certificate, {
        trustAnchors: [cert.root],
        intermediates: cert.chain,
        time: new Date(at),
        revocation: {
          mode: 'crl',
          fetch,
          requireRevocationInfo: true,
          cache: new RevocationCache(),
          pathCache: cache,
        },
      });
    };
    expect((await run(T0)).revocation.perCertificate[0]).toMatchObject({ status: 'good', source: 'crl' });
    pki.revoke('vnpt', cert.serialNumber, 'keyCompromise', new Date(T0 + HOUR));
    expect((await run(T0 + CRL_LIFETIME_MS - 1000)).valid).toBe(true);
    const after = await run(T0 + CRL_LIFETIME_MS);
    expect(after.revocation.status).toBe('revoked');
  });

  it('different trust anchors make different entries', async () => {
    const { state, fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock });
    await validatePath(holder.certificate, options(fetch, cache, T0));
    const fetched = state.requests;
    const withGovernment = await validatePath(
      holder.certificate,
      options(fetch, cache, T0 + 1000, [holder.root, pki.roots.government]),
    );
    expect(withGovernment.valid).toBe(true);
    expect(state.requests).toBeGreaterThan(fetched);
    expect(cache.size).toBe(2);
    // Only the government root: no path, whatever the first entry said.
    const governmentOnly = await validatePath(
      holder.certificate,
      options(fetch, cache, T0 + 2000, [pki.roots.government]),
    );
    expect(governmentOnly.valid).toBe(false);
    expect(governmentOnly.errors.map((e) => e.code)).toContain('NO_PATH');
  });

  it('other options that change the result make other entries', async () => {
    const { fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock });
    await validatePath(holder.certificate, options(fetch, cache, T0));
    const demanding = await validatePath(holder.certificate, {
      ...options(fetch, cache, T0 + 1000),
      requiredKeyUsage: ['keyCertSign'],
    });
    expect(demanding.valid).toBe(false);
    const other = responder();
    await validatePath(holder.certificate, options(other.fetch, cache, T0 + 2000));
    expect(other.state.requests).toBeGreaterThan(0);
  });

  it('failed and revocation-unknown results are never stored', async () => {
    const cache = new PathValidationCache({ clock: manualClock(T0).clock });
    const { state, fetch } = responder();
    const untrusted = await validatePath(
      holder.certificate,
      options(fetch, cache, T0, [pki.roots.government]),
    );
    expect(untrusted.valid).toBe(false);
    const unreachable: RevocationFetch = async () => {
      throw new Error('offline');
    };
    const unknown = await validatePath(holder.certificate, {
      ...options(unreachable, cache, T0),
      revocation: { mode: 'ocsp', fetch: unreachable, cache: new RevocationCache(), pathCache: cache },
    });
    expect(unknown.valid).toBe(true);
    expect(unknown.revocation.status).toBe('unknown');
    const revoked = pki.identities.revoked;
    state.responderTime = Date.now();
    const refused = await validatePath(revoked.certificate, {
      ...options(fetch, cache, Date.now()),
      intermediates: revoked.chain,
      trustAnchors: [revoked.root],
    });
    expect(refused.revocation.status).toBe('revoked');
    expect(cache.size).toBe(0);
    expect(cache.stats.stored).toBe(0);
  });

  it('keeps at most maxEntries, the least recently used leaving first', async () => {
    const { state, fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock, maxEntries: 2 });
    const anchorsA = [holder.root];
    const anchorsB = [holder.root, pki.roots.government];
    const anchorsC = [pki.roots.government, holder.root];
    await validatePath(holder.certificate, options(fetch, cache, T0, anchorsA));
    await validatePath(holder.certificate, options(fetch, cache, T0, anchorsB));
    await validatePath(holder.certificate, options(fetch, cache, T0 + 1, anchorsA)); // A used again
    await validatePath(holder.certificate, options(fetch, cache, T0 + 2, anchorsC)); // evicts B
    expect(cache.size).toBe(2);
    const fetched = state.requests;
    await validatePath(holder.certificate, options(fetch, cache, T0 + 3, anchorsA));
    expect(state.requests).toBe(fetched);
    await validatePath(holder.certificate, options(fetch, cache, T0 + 4, anchorsB));
    expect(state.requests).toBeGreaterThan(fetched);
  });

  it('clear forgets entries and statistics', async () => {
    const { fetch } = responder();
    const cache = new PathValidationCache({ clock: manualClock(T0).clock });
    const r: PathValidationResult = await validatePath(holder.certificate, options(fetch, cache, T0));
    expect(r.valid).toBe(true);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.stats).toEqual({ hits: 0, misses: 0, stored: 0 });
  });
});

describe('package entry', () => {
  it('exports PathValidationCache from @kyso/lib as well as @kyso/lib/trust', () => {
    expect(kysoLib.PathValidationCache).toBe(PathValidationCache);
  });
});
