/**
 * Who has a SIM-PKI SIM (SIM ký số) and who has a remote-signing credential (SmartCA/MySign
 * style), with the demo CA that certifies them. Certificates are issued lazily from the demo PKI.
 */
import { DEMO_ORGANIZATIONS, type DemoSubject } from '@kyso/lib/demo-pki';
import { MAGIC_MSISDN } from '../magicValues.js';
import { carrierOf, toDomesticPhone } from './phoneNumbers.js';
import { citizenByKey, type SimulatedCitizen } from './simulatedCitizens.js';

/** The person or organization a signing certificate names, and the demo CA that issues it. */
export interface SigningHolder {
  /** Stable key of the key pair and certificate (one per SIM or credential). */
  readonly keyName: string;
  readonly caKey: string;
  readonly subject: DemoSubject;
}

export type SimBehaviour = 'normal' | 'userCancel' | 'noAnswer' | 'pinBlocked' | 'noCertificate';

export interface SimPkiSubscription {
  /** 84 + 9 digits. */
  readonly msisdn: string;
  readonly behaviour: SimBehaviour;
  /** Absent for magic SIMs that never sign. */
  readonly holder?: SigningHolder;
}

export type CredentialBehaviour = 'normal' | 'rejects' | 'neverConfirms' | 'keyLocked';

export interface RemoteCredential {
  readonly credentialId: string;
  /** The subscriber's CCCD (the provider's user_id). */
  readonly userId: string;
  readonly behaviour: CredentialBehaviour;
  readonly holder: SigningHolder;
}

/** The SIM CA of each carrier's SIM ký số (MobiFone's is played by DEMO FPT-CA). */
const SIM_CA: Readonly<Record<string, string>> = { Viettel: 'viettel', VinaPhone: 'vnpt', MobiFone: 'fpt' };

function citizen(key: string): SimulatedCitizen {
  const c = citizenByKey(key);
  if (!c) throw new Error(`unknown simulated citizen ${key}`);
  return c;
}

function personalSubject(c: SimulatedCitizen, phone?: string): DemoSubject {
  const s: DemoSubject = { fullName: c.fullName, cccd: c.cccd, province: c.province, locality: c.locality };
  const p = phone ?? c.phone;
  if (p) s.phone = p;
  if (c.email) s.email = c.email;
  return s;
}

function simHolder(msisdn: string, subject: DemoSubject): SigningHolder {
  const domestic = toDomesticPhone(msisdn);
  const carrier = domestic ? carrierOf(domestic) : undefined;
  const caKey = carrier ? SIM_CA[carrier] : undefined;
  if (!caKey) throw new Error(`SIM ${msisdn} has no carrier`);
  return { keyName: `sim-${msisdn}`, caKey, subject };
}

function personalSim(key: string): SimPkiSubscription {
  const c = citizen(key);
  if (!c.phone) throw new Error(`citizen ${key} has no phone`);
  const msisdn = `84${c.phone.slice(1)}`;
  return { msisdn, behaviour: 'normal', holder: simHolder(msisdn, personalSubject(c)) };
}

const kyso = DEMO_ORGANIZATIONS.kysoSoftware;

export const SIM_PKI_SUBSCRIPTIONS: readonly SimPkiSubscription[] = [
  personalSim('an'),
  personalSim('cuong'),
  personalSim('hoa'),
  {
    msisdn: '84983111222',
    behaviour: 'normal',
    holder: simHolder('84983111222', {
      fullName: kyso.name,
      mst: kyso.mst,
      province: kyso.province,
      locality: kyso.locality,
      phone: '0983111222',
      email: kyso.email,
    }),
  },
  { msisdn: MAGIC_MSISDN.userCancel, behaviour: 'userCancel' },
  { msisdn: MAGIC_MSISDN.noAnswer, behaviour: 'noAnswer' },
  { msisdn: MAGIC_MSISDN.pinBlocked, behaviour: 'pinBlocked' },
  { msisdn: MAGIC_MSISDN.noCertificate, behaviour: 'noCertificate' },
];

export function findSimSubscription(msisdn: string): SimPkiSubscription | undefined {
  return SIM_PKI_SUBSCRIPTIONS.find((s) => s.msisdn === msisdn);
}

function credential(key: string, behaviour: CredentialBehaviour): RemoteCredential {
  const c = citizen(key);
  const credentialId = `rs-${c.cccd}-01`;
  return {
    credentialId,
    userId: c.cccd,
    behaviour,
    holder: { keyName: credentialId, caKey: 'vnpt', subject: personalSubject(c) },
  };
}

export const REMOTE_CREDENTIALS: readonly RemoteCredential[] = [
  credential('an', 'normal'),
  credential('dung', 'normal'),
  credential('khoa', 'normal'),
  credential('mai', 'normal'),
  credential('tuan', 'rejects'),
  credential('vinh', 'neverConfirms'),
  credential('son', 'keyLocked'),
];

export function credentialsOf(userId: string): RemoteCredential[] {
  return REMOTE_CREDENTIALS.filter((c) => c.userId === userId);
}

export function findCredential(credentialId: string): RemoteCredential | undefined {
  return REMOTE_CREDENTIALS.find((c) => c.credentialId === credentialId);
}
