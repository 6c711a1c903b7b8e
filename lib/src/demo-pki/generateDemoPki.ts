/** Generates a complete demo PKI in memory (runtime-neutral: WebCrypto + pkijs only). */
import { KysoError } from '../protocol/index.js';
import { buildCas, CA_DEFINITIONS, DEFAULT_BASE_URL } from './caHierarchy.js';
import { parsePublicKeyInfo, wholeSeconds } from './certificateSigning.js';
import { IDENTITY_DEFINITIONS, type ValidityCase } from './demoIdentities.js';
import { type DemoKeyPair, generateKeyPair, importSigningKey } from './keyPairs.js';
import { createDemoPki, type DemoPkiMaterial } from './pkiInstance.js';
import { issueSubscriber } from './subscriberIssuance.js';
import type { DemoCa, DemoPki, DemoRevocation, GenerateDemoPkiOptions } from './types.js';

const DAY = 86_400_000;

/** Validity windows relative to `now`. Valid subscriber certificates last 3 years (Decree 23/2025 maximum). */
export function subscriberValidity(kind: ValidityCase, now: Date): { notBefore: Date; notAfter: Date } {
  const t = now.getTime();
  if (kind === 'expired') return { notBefore: new Date(t - 400 * DAY), notAfter: new Date(t - 35 * DAY) };
  if (kind === 'notYetValid')
    return { notBefore: new Date(t + 365 * DAY), notAfter: new Date(t + 730 * DAY) };
  const notBefore = new Date(t - 30 * DAY);
  return { notBefore, notAfter: new Date(notBefore.getTime() + 3 * 365 * DAY) };
}

export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new KysoError('INVALID_REQUEST', `invalid demo PKI base URL "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KysoError('INVALID_REQUEST', `demo PKI base URL must be http(s): "${baseUrl}"`);
  return baseUrl.replace(/\/+$/, '');
}

/** Builds the material (certificates, keys, revocations) of a fresh demo PKI. */
export async function generateDemoPkiMaterial(
  options: GenerateDemoPkiOptions = {},
): Promise<DemoPkiMaterial> {
  const now = wholeSeconds(options.now ?? new Date());
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  // All key pairs at once: WebCrypto generates them on the thread pool.
  const [caPairs, identityPairs] = await Promise.all([
    Promise.all(CA_DEFINITIONS.map(() => generateKeyPair('RSA'))),
    Promise.all(IDENTITY_DEFINITIONS.map((d) => generateKeyPair(d.keyType))),
  ]);
  const caKeys = new Map<string, DemoKeyPair>(CA_DEFINITIONS.map((d, i) => [d.key, caPairs[i]!]));
  const cas = await buildCas(caKeys, now, baseUrl);
  const caByKey = new Map<string, DemoCa>(cas.map((c) => [c.key, c]));
  const signingKeys = new Map<string, CryptoKey>();
  for (const ca of cas) signingKeys.set(ca.key, await importSigningKey(ca.privateKey));

  const identities: DemoPkiMaterial['identities'] = [];
  const revocations: DemoRevocation[] = [];
  for (const [i, def] of IDENTITY_DEFINITIONS.entries()) {
    const pair = identityPairs[i]!;
    const ca = caByKey.get(def.caKey)!;
    const { certificate, serialNumber } = await issueSubscriber({
      caKey: def.caKey,
      caCertificate: ca.certificate,
      signingKey: signingKeys.get(def.caKey)!,
      baseUrl,
      subject: def.subject,
      profile: def.profile,
      publicKey: parsePublicKeyInfo(pair.publicKey),
      ...subscriberValidity(def.validity, now),
      keyUsage: def.keyUsage,
    });
    identities.push({ name: def.name, certificate, privateKey: pair.privateKey });
    if (def.revocation) {
      revocations.push({
        caKey: def.caKey,
        serialNumber,
        revokedAt: new Date(now.getTime() - def.revocation.daysAgo * DAY),
        reason: def.revocation.reason,
      });
    }
  }
  return { createdAt: now, baseUrl, cas, identities, revocations };
}

/** A fresh demo PKI in memory (nothing is written to disk). */
export async function generateDemoPki(options: GenerateDemoPkiOptions = {}): Promise<DemoPki> {
  return createDemoPki(await generateDemoPkiMaterial(options));
}
