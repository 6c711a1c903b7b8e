/** Extensions of subscriber certificates, per Vietnamese profile (reference §3.3). */
import type { Extension } from 'pkijs';
import { caDefinition, caUrls } from './caHierarchy.js';
import {
  authorityInfoAccess,
  authorityKeyIdentifier,
  basicConstraints,
  certificatePolicies,
  crlDistributionPoints,
  extKeyUsage,
  type KeyUsageBit,
  keyUsage,
  ocspNoCheck,
  subjectAltNameEmail,
  subjectKeyIdentifier,
} from './certificateExtensions.js';
import { DEMO_POLICY, OID } from './oids.js';
import type { DemoKeyType, DemoProfile, DemoSubject } from './types.js';

export interface SubscriberExtensionInput {
  caKey: string;
  baseUrl: string;
  profile: DemoProfile;
  keyType: DemoKeyType;
  subject: DemoSubject;
  subjectKeyId: Uint8Array;
  issuerKeyId: Uint8Array;
  keyUsage: 'signing' | 'keyEnciphermentOnly';
}

/** personal / organization / personInOrganization from the identifiers present. */
export function profileForSubject(subject: DemoSubject, government: boolean): DemoProfile {
  const person = Boolean(subject.cccd || subject.cmnd);
  if (government && person) return 'civilServant';
  if (subject.mst && subject.mns) return 'budgetUnit';
  if (subject.mst && person) return 'personInOrganization';
  if (subject.mst) return 'organization';
  return 'personal';
}

function policyFor(profile: DemoProfile, government: boolean): string {
  if (government) return DEMO_POLICY.government;
  if (profile === 'personal') return DEMO_POLICY.personal;
  if (profile === 'personInOrganization') return DEMO_POLICY.personInOrganization;
  return DEMO_POLICY.organization;
}

export function subscriberExtensions(input: SubscriberExtensionInput): Extension[] {
  const government = caDefinition(input.caKey)?.government ?? false;
  const urls = caUrls(input.baseUrl, input.caKey);
  const base = input.baseUrl.replace(/\/+$/, '');
  let bits: KeyUsageBit[];
  let ekus: string[];
  if (input.keyUsage === 'keyEnciphermentOnly') {
    bits = ['keyEncipherment'];
    ekus = [OID.kpEmailProtection];
  } else if (input.profile === 'ocspSigner') {
    bits = ['digitalSignature'];
    ekus = [OID.kpOcspSigning];
  } else {
    bits =
      input.keyType === 'RSA'
        ? ['digitalSignature', 'nonRepudiation', 'keyEncipherment']
        : ['digitalSignature', 'nonRepudiation'];
    ekus = government
      ? [OID.kpClientAuth, OID.kpEmailProtection, OID.msSmartcardLogin, OID.msDocumentSigning]
      : [OID.kpClientAuth, OID.kpEmailProtection, OID.msDocumentSigning];
  }
  const extensions = [
    basicConstraints(false),
    keyUsage(bits),
    extKeyUsage(ekus),
    subjectKeyIdentifier(input.subjectKeyId),
    authorityKeyIdentifier(input.issuerKeyId),
  ];
  if (input.profile === 'ocspSigner') {
    extensions.push(ocspNoCheck());
    return extensions;
  }
  extensions.push(
    certificatePolicies(policyFor(input.profile, government), `${base}/policies/${input.caKey}-cps.html`),
    authorityInfoAccess(urls.ocspUrl, urls.caIssuersUrl),
    crlDistributionPoints(urls.crlUrl),
  );
  if (input.subject.email) extensions.push(subjectAltNameEmail(input.subject.email));
  return extensions;
}
