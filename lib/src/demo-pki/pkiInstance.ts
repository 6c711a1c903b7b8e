/** The live demo PKI: CAs with their keys, the identities, revocation state, CRL/OCSP/issue. */
import { Certificate, CertificationRequest, type PublicKeyInfo } from 'pkijs';
import { bytesToHex, toArrayBuffer } from '../encoding/index.js';
import { KysoError } from '../protocol/index.js';
import { caDefinition } from './caHierarchy.js';
import { parsePublicKeyInfo, serialHex } from './certificateSigning.js';
import { DEMO_PIN, DEMO_SO_PIN, IDENTITY_DEFINITIONS, tokenLabelFor } from './demoIdentities.js';
import { EC_CURVE, generateKeyPair, importSigningKey, RSA_KEY_SIZE } from './keyPairs.js';
import { type OcspCa, respondOcsp } from './ocspResponder.js';
import { buildCrl } from './revocationList.js';
import { issueSubscriber, keyTypeOf } from './subscriberIssuance.js';
import { profileForSubject } from './subscriberProfile.js';
import type {
  DemoCa,
  DemoIdentity,
  DemoIdentityName,
  DemoIssuedCertificate,
  DemoIssueRequest,
  DemoPki,
  DemoRevocation,
  DemoRevocationReason,
  DerBytes,
} from './types.js';

/** Everything needed to rebuild a DemoPki (what the disk cache stores). */
export interface DemoPkiMaterial {
  createdAt: Date;
  baseUrl: string;
  /** Roots before the CAs they sign. */
  cas: DemoCa[];
  identities: { name: DemoIdentityName; certificate: DerBytes; privateKey: DerBytes }[];
  revocations: DemoRevocation[];
}

interface CaState extends OcspCa {
  ca: DemoCa;
  issued: Set<string>;
  revocations: Map<string, DemoRevocation>;
  keyId: Uint8Array;
}

const DAY = 86_400_000;
const MAX_SUBSCRIBER_MS = 3 * 365 * DAY + DAY;

export function parseCertificate(der: Uint8Array, what: string): Certificate {
  try {
    return Certificate.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new KysoError('INVALID_REQUEST', `malformed certificate (${what}): ${(e as Error).message}`);
  }
}

/** Normalises a serial number written as hex (any case, optional colons/spaces, leading zeros). */
export function normalizeSerial(serial: string): string {
  const clean = serial
    .replace(/[\s:]/g, '')
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
  if (!/^[0-9a-f]+$/.test(clean)) throw new KysoError('INVALID_REQUEST', `invalid serial number "${serial}"`);
  return clean;
}

function extensionValue(cert: Certificate, oid: string): Uint8Array | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)?.extnValue.valueBlock.valueHexView;
}

export async function createDemoPki(material: DemoPkiMaterial): Promise<DemoPki> {
  const states = new Map<string, CaState>();
  for (const ca of material.cas) {
    const certificate = parseCertificate(ca.certificate, ca.key);
    const keyBits = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice();
    const ski = extensionValue(certificate, '2.5.29.14');
    let signingKey: Promise<CryptoKey> | undefined;
    states.set(ca.key, {
      key: ca.key,
      ca,
      certificate,
      nameDer: new Uint8Array(certificate.subject.toSchema().toBER(false)),
      keyBits,
      // SKI extension value is an OCTET STRING wrapping the key identifier.
      keyId: ski ? ski.slice(2) : new Uint8Array(0),
      signingKey: () => {
        signingKey ??= importSigningKey(ca.privateKey);
        return signingKey;
      },
      issued: new Set(),
      revocations: new Map(),
    });
  }
  const stateOf = (caKey: string): CaState => {
    const s = states.get(caKey);
    if (!s) throw new KysoError('INVALID_REQUEST', `unknown demo CA "${caKey}"`);
    return s;
  };
  for (const s of states.values())
    stateOf(s.ca.parent ?? s.key).issued.add(serialHex(s.certificate.serialNumber));

  const chainOf = (caKey: string): { chain: DerBytes[]; root: DerBytes } => {
    const chain: DerBytes[] = [];
    let s = stateOf(caKey);
    while (s.ca.parent) {
      chain.push(s.ca.certificate);
      s = stateOf(s.ca.parent);
    }
    return { chain, root: s.ca.certificate };
  };

  const revoke = (
    caKey: string,
    serialNumber: string,
    reason: DemoRevocationReason = 'unspecified',
    at = new Date(),
  ) => {
    const s = stateOf(caKey);
    const serial = normalizeSerial(serialNumber);
    if (!s.issued.has(serial))
      throw new KysoError('INVALID_REQUEST', `serial ${serial} was not issued by demo CA "${caKey}"`);
    s.revocations.set(serial, { caKey, serialNumber: serial, revokedAt: at, reason });
  };
  const identities = {} as Record<DemoIdentityName, DemoIdentity>;
  for (const def of IDENTITY_DEFINITIONS) {
    const stored = material.identities.find((i) => i.name === def.name);
    if (!stored) throw new KysoError('INVALID_REQUEST', `demo identity "${def.name}" is missing`);
    const cert = parseCertificate(stored.certificate, def.name);
    const serialNumber = serialHex(cert.serialNumber);
    stateOf(def.caKey).issued.add(serialNumber);
    const identity: DemoIdentity = {
      name: def.name,
      description: def.description,
      profile: def.profile,
      certificate: stored.certificate,
      privateKey: stored.privateKey,
      keyType: def.keyType,
      issuer: def.caKey,
      ...chainOf(def.caKey),
      serialNumber,
      keyId: bytesToHex(extensionValue(cert, '2.5.29.14')?.slice(2) ?? new Uint8Array(0)),
      pin: DEMO_PIN,
      soPin: DEMO_SO_PIN,
      tokenLabel: tokenLabelFor(def.name),
      person: def.subject,
    };
    if (def.keyType === 'RSA') identity.keySize = RSA_KEY_SIZE;
    else identity.curve = EC_CURVE;
    identities[def.name] = identity;
  }
  for (const r of material.revocations) revoke(r.caKey, r.serialNumber, r.reason, r.revokedAt);
  for (const def of IDENTITY_DEFINITIONS) {
    if (def.profile !== 'ocspSigner') continue;
    const identity = identities[def.name];
    let key: Promise<CryptoKey> | undefined;
    stateOf(def.caKey).delegate = {
      certificate: parseCertificate(identity.certificate, def.name),
      signingKey: () => {
        key ??= importSigningKey(identity.privateKey);
        return key;
      },
    };
  }
  for (const identity of Object.values(identities)) {
    const r = stateOf(identity.issuer).revocations.get(identity.serialNumber);
    if (r) identity.revocation = r;
  }

  const status: DemoPki['status'] = (caKey, serialNumber, at = new Date()) => {
    const s = stateOf(caKey);
    const serial = normalizeSerial(serialNumber);
    const r = s.revocations.get(serial);
    if (r && r.revokedAt.getTime() <= at.getTime()) return { status: 'revoked', revocation: r };
    return s.issued.has(serial) ? { status: 'good' } : { status: 'unknown' };
  };

  const publicKeyFor = async (
    request: DemoIssueRequest,
  ): Promise<{ spki: PublicKeyInfo; privateKey?: DerBytes }> => {
    if (request.publicKey) return { spki: parsePublicKeyInfo(request.publicKey) };
    if (request.csr) {
      let csr: CertificationRequest;
      try {
        csr = CertificationRequest.fromBER(toArrayBuffer(request.csr));
      } catch (e) {
        throw new KysoError('INVALID_REQUEST', `malformed certification request: ${(e as Error).message}`);
      }
      const ok = await csr.verify().catch(() => false);
      if (!ok) throw new KysoError('INVALID_REQUEST', 'the certification request signature is invalid');
      return { spki: csr.subjectPublicKeyInfo };
    }
    const pair = await generateKeyPair(request.keyType ?? 'RSA');
    return { spki: parsePublicKeyInfo(pair.publicKey), privateKey: pair.privateKey };
  };

  const issue = async (request: DemoIssueRequest): Promise<DemoIssuedCertificate> => {
    const caKey = request.caKey ?? 'vnpt';
    const s = stateOf(caKey);
    if (!s.ca.parent)
      throw new KysoError('INVALID_REQUEST', `demo root "${caKey}" does not issue subscriber certificates`);
    const notBefore = request.notBefore ?? new Date();
    const notAfter = request.notAfter ?? new Date(notBefore.getTime() + 365 * DAY);
    if (notAfter.getTime() <= notBefore.getTime())
      throw new KysoError('INVALID_REQUEST', 'notAfter must be later than notBefore');
    if (notAfter.getTime() - notBefore.getTime() > MAX_SUBSCRIBER_MS)
      throw new KysoError('INVALID_REQUEST', 'subscriber certificates last at most 3 years (Decree 23/2025)');
    if (!request.subject?.fullName || !request.subject.province)
      throw new KysoError('INVALID_REQUEST', 'the subject needs fullName and province');
    const { spki, privateKey } = await publicKeyFor(request);
    if (!keyTypeOf(spki)) throw new KysoError('INVALID_REQUEST', 'only RSA and EC public keys are supported');
    const government = caDefinition(caKey)?.government ?? false;
    const { certificate, serialNumber } = await issueSubscriber({
      caKey,
      caCertificate: s.ca.certificate,
      signingKey: await s.signingKey(),
      baseUrl: material.baseUrl,
      subject: request.subject,
      profile: request.profile ?? profileForSubject(request.subject, government),
      publicKey: spki,
      notBefore,
      notAfter,
      keyUsage: request.keyUsage ?? 'signing',
    });
    s.issued.add(serialNumber);
    const out: DemoIssuedCertificate = { certificate, serialNumber, issuer: caKey, ...chainOf(caKey) };
    if (privateKey) out.privateKey = privateKey;
    return out;
  };

  const cas: Record<string, DemoCa> = {};
  for (const s of states.values()) cas[s.key] = s.ca;

  return {
    createdAt: material.createdAt,
    baseUrl: material.baseUrl,
    roots: {
      national: stateOf('nationalRoot').ca.certificate,
      government: stateOf('governmentRoot').ca.certificate,
    },
    cas,
    identities,
    async crl(caKey, at = new Date()) {
      const s = stateOf(caKey);
      const entries = [...s.revocations.values()].filter((r) => r.revokedAt.getTime() <= at.getTime());
      return buildCrl({
        issuer: s.certificate.subject,
        issuerKeyId: s.keyId,
        entries,
        thisUpdate: at,
        signingKey: await s.signingKey(),
      });
    },
    ocspRespond(requestDer, at = new Date(), options = {}) {
      return respondOcsp(requestDer, at, {
        cas: [...states.values()],
        status,
        delegated: options.delegated === true,
      });
    },
    issue,
    revoke,
    status,
  };
}
