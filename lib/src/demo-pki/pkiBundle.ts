/**
 * The serialised form of a demo PKI (`pki.json` in the disk cache) and the check that a
 * stored PKI is still usable at a given time. Runtime-neutral.
 */
import { base64ToBytes, bytesToBase64 } from '../encoding/index.js';
import { KysoError } from '../protocol/index.js';
import { CA_DEFINITIONS } from './caHierarchy.js';
import { IDENTITY_DEFINITIONS } from './demoIdentities.js';
import { type DemoPkiMaterial, parseCertificate } from './pkiInstance.js';
import { REASON_CODES } from './revocationList.js';
import type { DemoIdentityName, DemoRevocationReason, DerBytes } from './types.js';

export const BUNDLE_FORMAT = 'kyso-demo-pki';
/** Bump when the stored layout changes. */
export const BUNDLE_VERSION = 1;

/** Certificates must stay valid this long after a load, or the cache is regenerated. */
export const FRESHNESS_MARGIN_MS = 30 * 86_400_000;

/** A fingerprint of the hierarchy and identity definitions: changing them invalidates old caches. */
export function definitionsFingerprint(): string {
  const text = JSON.stringify([CA_DEFINITIONS, IDENTITY_DEFINITIONS]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function serializeMaterial(m: DemoPkiMaterial): string {
  return JSON.stringify(
    {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      fingerprint: definitionsFingerprint(),
      createdAt: m.createdAt.toISOString(),
      baseUrl: m.baseUrl,
      cas: m.cas.map((c) => ({
        ...c,
        certificate: bytesToBase64(c.certificate),
        privateKey: bytesToBase64(c.privateKey),
      })),
      identities: m.identities.map((i) => ({
        name: i.name,
        certificate: bytesToBase64(i.certificate),
        privateKey: bytesToBase64(i.privateKey),
      })),
      revocations: m.revocations.map((r) => ({ ...r, revokedAt: r.revokedAt.toISOString() })),
    },
    null,
    1,
  );
}

function fail(why: string): never {
  throw new KysoError('INVALID_REQUEST', `invalid demo PKI bundle: ${why}`);
}

function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') fail(`"${k}" is not a string`);
  return v;
}

function bytes(o: Record<string, unknown>, k: string): DerBytes {
  const b = new Uint8Array(base64ToBytes(str(o, k)));
  if (b.length === 0) fail(`"${k}" is empty`);
  return b;
}

function date(o: Record<string, unknown>, k: string): Date {
  const d = new Date(str(o, k));
  if (Number.isNaN(d.getTime())) fail(`"${k}" is not a date`);
  return d;
}

function records(o: Record<string, unknown>, k: string): Record<string, unknown>[] {
  const v = o[k];
  if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object'))
    fail(`"${k}" is not a list of objects`);
  return v as Record<string, unknown>[];
}

/** Parses `pki.json`; throws KysoError(INVALID_REQUEST) for anything malformed or from other definitions. */
export function parseMaterial(text: string): DemoPkiMaterial {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail('not JSON');
  }
  if (!raw || typeof raw !== 'object') fail('not an object');
  const o = raw as Record<string, unknown>;
  if (o.format !== BUNDLE_FORMAT || o.version !== BUNDLE_VERSION) fail('unknown format or version');
  if (o.fingerprint !== definitionsFingerprint()) fail('made from other definitions');
  const reasons = new Set(Object.keys(REASON_CODES));
  return {
    createdAt: date(o, 'createdAt'),
    baseUrl: str(o, 'baseUrl'),
    cas: records(o, 'cas').map((c) => {
      const parent = c.parent;
      if (parent !== null && typeof parent !== 'string') fail('"parent" is not a string or null');
      return {
        key: str(c, 'key'),
        name: str(c, 'name'),
        parent,
        certificate: bytes(c, 'certificate'),
        privateKey: bytes(c, 'privateKey'),
        crlUrl: str(c, 'crlUrl'),
        ocspUrl: str(c, 'ocspUrl'),
        caIssuersUrl: str(c, 'caIssuersUrl'),
      };
    }),
    identities: records(o, 'identities').map((i) => ({
      name: str(i, 'name') as DemoIdentityName,
      certificate: bytes(i, 'certificate'),
      privateKey: bytes(i, 'privateKey'),
    })),
    revocations: records(o, 'revocations').map((r) => {
      const reason = str(r, 'reason');
      if (!reasons.has(reason)) fail(`unknown revocation reason "${reason}"`);
      return {
        caKey: str(r, 'caKey'),
        serialNumber: str(r, 'serialNumber'),
        revokedAt: date(r, 'revokedAt'),
        reason: reason as DemoRevocationReason,
      };
    }),
  };
}

/**
 * Why a stored PKI cannot be used at `now` with `baseUrl`, or `undefined` when it can:
 * every CA and ordinary identity must be valid now and for 30 more days, `expired` must be
 * expired and `notYetValid` must start more than 30 days from now.
 */
export function staleReason(m: DemoPkiMaterial, now: Date, baseUrl: string): string | undefined {
  if (m.baseUrl !== baseUrl) return `made for base URL ${m.baseUrl}`;
  const t = now.getTime();
  const window = (der: Uint8Array, what: string) => {
    const c = parseCertificate(der, what);
    return { from: c.notBefore.value.getTime(), to: c.notAfter.value.getTime() };
  };
  for (const ca of m.cas) {
    const w = window(ca.certificate, ca.key);
    if (w.from > t || w.to < t + FRESHNESS_MARGIN_MS) return `CA ${ca.key} is not valid for the next 30 days`;
  }
  for (const def of IDENTITY_DEFINITIONS) {
    const stored = m.identities.find((i) => i.name === def.name);
    if (!stored) return `identity ${def.name} is missing`;
    const w = window(stored.certificate, def.name);
    if (def.validity === 'expired' && w.to >= t) return 'the expired identity is no longer expired';
    if (def.validity === 'notYetValid' && w.from < t + FRESHNESS_MARGIN_MS)
      return 'the not-yet-valid identity becomes valid within 30 days';
    if (def.validity === 'valid' && (w.from > t || w.to < t + FRESHNESS_MARGIN_MS))
      return `identity ${def.name} is not valid for the next 30 days`;
  }
  return undefined;
}
