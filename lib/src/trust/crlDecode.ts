/**
 * A CRL decoded once into what revocation checking needs: issuer, times, number, delta base,
 * issuing distribution point, and entries keyed by serial (with the certificate issuer each
 * entry applies to, for indirect CRLs).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { childrenOf, malformed, readTlv, TAG, type Tlv } from '../cert/derReader.js';
import type { ComparableName } from '../cert/distinguishedName.js';
import { type BinaryInput, bytesToHex, toArrayBuffer, toDer } from '../encoding/index.js';
import {
  distributionPointName,
  generalNamesFromDer,
  ownedBytes,
  type PlainGeneralName,
  rdnsToComparable,
  reasonFlagsMask,
} from './generalNames.js';

const CRL_EXT = {
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const ENTRY_EXT = {
  reasonCode: '2.5.29.21',
  holdInstructionCode: '2.5.29.23',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29',
} as const;
const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(CRL_EXT));
const KNOWN_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(ENTRY_EXT));

/** Every reason of ReasonFlags (bits 1..8; bit 0 is unused). */
export const ALL_REASONS = 0x1fe;

export const CRL_REASON_NAMES: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};
export const REMOVE_FROM_CRL = 8;

export interface CrlEntry {
  /** Key of the certificate issuer this entry applies to. */
  certificateIssuerKey: string;
  revocationDate: Date;
  reason?: number;
}

export interface IssuingDistributionPointInfo {
  names?: PlainGeneralName[];
  /** nameRelativeToCRLIssuer: DER of the RDN's attributes. */
  relative?: Uint8Array;
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  onlyContainsAttributeCerts: boolean;
  indirectCrl: boolean;
  onlySomeReasons?: number;
  /** DER hex of the extension value, to compare the scope of a delta with its base. */
  scopeKey: string;
}

export interface DecodedCrl {
  der: Uint8Array;
  pkijs: pkijs.CertificateRevocationList;
  issuer: ComparableName;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  deltaBase?: bigint;
  authorityKeyId?: string;
  idp?: IssuingDistributionPointInfo;
  /** Critical CRL or entry extensions this code does not process: the CRL must not be used. */
  unusableReason?: string;
  entries: Map<string, CrlEntry[]>;
  freshestCrlUrls: string[];
}

function integerToBigInt(block: asn1js.Integer): bigint {
  let v = 0n;
  for (const b of block.valueBlock.valueHexView) v = (v << 8n) | BigInt(b);
  return v;
}

function parseIdp(ext: pkijs.Extension): IssuingDistributionPointInfo {
  const v = new Uint8Array(ext.extnValue.valueBlock.valueHexView);
  const seq = readTlv(v, 0, v.length, 'issuingDistributionPoint');
  if (seq.tag !== TAG.SEQUENCE || seq.end !== v.length) throw malformed('issuingDistributionPoint');
  const info: IssuingDistributionPointInfo = {
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    onlyContainsAttributeCerts: false,
    indirectCrl: false,
    scopeKey: bytesToHex(v),
  };
  const flag = (field: Tlv) => field.end > field.valueStart && v[field.valueStart] !== 0;
  for (const field of childrenOf(v, seq, 'issuingDistributionPoint')) {
    switch (field.tag) {
      case 0xa0: {
        const name = distributionPointName(v, field);
        if (name.names) info.names = name.names;
        if (name.relative) info.relative = name.relative;
        break;
      }
      case 0x81:
        info.onlyContainsUserCerts = flag(field);
        break;
      case 0x82:
        info.onlyContainsCACerts = flag(field);
        break;
      case 0x83:
        info.onlySomeReasons = reasonFlagsMask(v, field);
        break;
      case 0x84:
        info.indirectCrl = flag(field);
        break;
      case 0x85:
        info.onlyContainsAttributeCerts = flag(field);
        break;
      default:
        throw malformed('unknown issuingDistributionPoint field');
    }
  }
  return info;
}

function decodeEntries(crl: pkijs.CertificateRevocationList, out: DecodedCrl): void {
  let currentIssuer = out.issuer.key;
  for (const entry of crl.revokedCertificates ?? []) {
    const e: CrlEntry = { certificateIssuerKey: currentIssuer, revocationDate: entry.revocationDate.value };
    for (const ext of entry.crlEntryExtensions?.extensions ?? []) {
      if (ext.extnID === ENTRY_EXT.reasonCode) {
        const v = ext.parsedValue as asn1js.Enumerated | undefined;
        if (v instanceof asn1js.Enumerated) e.reason = v.valueBlock.valueDec;
      } else if (ext.extnID === ENTRY_EXT.certificateIssuer) {
        const names = generalNamesFromDer(new Uint8Array(ext.extnValue.valueBlock.valueHexView));
        const dn = names.find((n) => n.kind === 'dn');
        if (dn?.kind === 'dn') currentIssuer = dn.name.key;
        e.certificateIssuerKey = currentIssuer;
      } else if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.extnID)) {
        out.unusableReason = `unknown critical CRL entry extension ${ext.extnID}`;
      }
    }
    const serial = bytesToHex(entry.userCertificate.valueBlock.valueHexView);
    const list = out.entries.get(serial) ?? [];
    list.push(e);
    out.entries.set(serial, list);
  }
}

/** Decodes a CRL (DER/PEM/base64). Returns undefined when the input is not a CRL. */
export function decodeCrl(input: BinaryInput): DecodedCrl | undefined {
  try {
    const der = ownedBytes(toDer(input, 'X509 CRL'));
    const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
    const out: DecodedCrl = {
      der,
      pkijs: crl,
      issuer: rdnsToComparable(crl.issuer),
      thisUpdate: crl.thisUpdate.value,
      entries: new Map(),
      freshestCrlUrls: [],
    };
    if (crl.nextUpdate) out.nextUpdate = crl.nextUpdate.value;
    for (const ext of crl.crlExtensions?.extensions ?? []) {
      switch (ext.extnID) {
        case CRL_EXT.crlNumber:
          out.crlNumber = integerToBigInt(ext.parsedValue as asn1js.Integer);
          break;
        case CRL_EXT.deltaCrlIndicator:
          out.deltaBase = integerToBigInt(ext.parsedValue as asn1js.Integer);
          break;
        case CRL_EXT.issuingDistributionPoint:
          out.idp = parseIdp(ext);
          break;
        case CRL_EXT.authorityKeyIdentifier: {
          const kid = (ext.parsedValue as pkijs.AuthorityKeyIdentifier | undefined)?.keyIdentifier;
          if (kid) out.authorityKeyId = bytesToHex(kid.valueBlock.valueHexView);
          break;
        }
        case CRL_EXT.freshestCrl: {
          const dps = (ext.parsedValue as pkijs.CRLDistributionPoints | undefined)?.distributionPoints ?? [];
          for (const dp of dps) {
            if (!Array.isArray(dp.distributionPoint)) continue;
            for (const n of dp.distributionPoint) if (n.type === 6) out.freshestCrlUrls.push(String(n.value));
          }
          break;
        }
        default:
          if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.extnID))
            out.unusableReason = `unknown critical CRL extension ${ext.extnID}`;
      }
    }
    decodeEntries(crl, out);
    return out;
  } catch {
    return undefined;
  }
}

const DECODED_CRL_LIMIT = 32;
const decodedCrls = new Map<string, DecodedCrl>();

/** Forgets decoded CRLs (see decodeCrlCached). */
export function clearDecodedCrlCache(): void {
  decodedCrls.clear();
}

/**
 * Like decodeCrl, but remembers the result by SHA-256 of the DER (32 most recent): CRLs are large
 * (megabytes for a national CA) and the same one serves many validations. Decoded CRLs are
 * never modified.
 */
export async function decodeCrlCached(input: BinaryInput): Promise<DecodedCrl | undefined> {
  let der: Uint8Array;
  try {
    der = ownedBytes(toDer(input, 'X509 CRL'));
  } catch {
    return undefined;
  }
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', toArrayBuffer(der)));
  const key = `${der.length}:${bytesToHex(digest)}`;
  const cached = decodedCrls.get(key);
  if (cached) {
    decodedCrls.delete(key);
    decodedCrls.set(key, cached);
    return cached;
  }
  const crl = decodeCrl(der);
  if (crl) {
    if (decodedCrls.size >= DECODED_CRL_LIMIT) decodedCrls.delete(decodedCrls.keys().next().value as string);
    decodedCrls.set(key, crl);
  }
  return crl;
}
