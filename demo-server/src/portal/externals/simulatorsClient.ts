/**
 * Client of the simulated national systems (population database, carriers, BHXH, SMS gateway) over
 * HTTP, with a timeout on every call. Failures come back as values, never as exceptions, so each
 * step can show its own message.
 */
import { type JsonExchange, JsonHttpError, jsonRequest } from './jsonHttp.js';
import { DEFAULT_SMS_BATCH, readSmsBatchAnswer, SmsBatcher, type SmsBatchSettings } from './smsBatcher.js';

export type ExternalFailure = 'timeout' | 'unavailable' | 'notFound' | 'invalidResponse';

export type ExternalResult<T> = { ok: true; value: T } | { ok: false; failure: ExternalFailure };

export interface SubscriberInfo {
  carrier: string;
  ownerIdNumber: string;
  ownerIdType: 'CCCD' | 'CMND';
  chinhChu: boolean;
}

export interface CitizenQuery {
  idNumber: string;
  fullName: string;
  /** dd/mm/yyyy */
  dateOfBirth: string;
}

export interface MsspRequest {
  /** 84xxxxxxxxx */
  msisdn: string;
  /** base64 SHA-256 digest */
  dataToBeSigned: string;
  dataToBeDisplayed: string;
  apTransId: string;
}

/** Status of an MSSP transaction (ETSI TS 102 204 codes: 504 outstanding, 500 signature, 401, 402, 208, 900). */
export interface MsspStatus {
  code: number;
  signature?: string;
  certificate?: string;
  chain?: string[];
}

/** The MSSP's profile of a SIM: ETSI status (100 with the certificate, 422 NO_CERT_FOUND without one). */
export interface MsspProfile {
  code: number;
  /** base64 DER of the SIM's certificate, and its chain (issuing CA first, root excluded). */
  certificate?: string;
  chain?: string[];
}

/** Status of a remote-signing transaction (VNPT SmartCA tranStatus: 1 signed, 4000 waiting, 4001–4004 failures). */
export interface RemoteSigningStatus {
  status: number;
  signatures?: string[];
  certificate?: string;
  chain?: string[];
}

/** A citizen's record in the population database (GET /population/citizens/:idNumber). */
export interface PopulationRecord {
  cccd: string;
  cmnd?: string;
  fullName: string;
  /** dd/mm/yyyy */
  dateOfBirth: string;
  gender: 'male' | 'female';
  permanentAddress: string;
  phone?: string;
  email?: string;
}

export interface NationalSystems {
  /** The population database's record of a person (CCCD or CMND); `notFound` when unknown. */
  citizenRecord?(idNumber: string): Promise<ExternalResult<PopulationRecord>>;
  /** Remote-signing credentials of a person (CCCD/CMND); empty when none. */
  rsCredentials(userId: string): Promise<ExternalResult<string[]>>;
  rsSignHash(request: {
    credentialId: string;
    hashes: string[];
    description: string;
  }): Promise<ExternalResult<{ transactionId: string }>>;
  rsStatus(transactionId: string): Promise<ExternalResult<RemoteSigningStatus>>;
  /** SIM-signature request; `notFound` when the number has no SIM-PKI subscription. */
  msspSign(request: MsspRequest): Promise<ExternalResult<{ msspTransId: string }>>;
  msspStatus(msspTransId: string): Promise<ExternalResult<MsspStatus>>;
  /** The SIM's certificate before any signature; `notFound` when the number has no SIM-PKI subscription. */
  msspProfile(msisdn: string): Promise<ExternalResult<MsspProfile>>;
  verifyCitizen(query: CitizenQuery): Promise<ExternalResult<{ match: boolean }>>;
  lookupSubscriber(phone: string): Promise<ExternalResult<SubscriberInfo>>;
  verifyBhxh(query: CitizenQuery & { bhxhCode: string }): Promise<ExternalResult<{ match: boolean }>>;
  /** One SMS; resolves with its own outcome (batched with others by `simulatorsClient`, smsBatcher.ts). */
  sendSms(to: string, text: string): Promise<ExternalResult<true>>;
}

/** The HTTP client of the national systems; `close` sends the SMS still waiting for their batch and stops its timer. */
export interface NationalSystemsClient extends NationalSystems {
  close(): void;
}

export interface SimulatorsClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The JSON transport (default: node:http/https with keep-alive, `jsonRequest`). */
  request?: typeof jsonRequest;
  /**
   * SMS batching (default `DEFAULT_SMS_BATCH`, smsBatcher.ts): messages go together in `POST /sms/send-batch`;
   * `gapMs` 0 sends each message on its own with `POST /sms/send`, as soon as it is asked for.
   */
  smsBatch?: SmsBatchSettings;
}

export function simulatorsClient(options: SimulatorsClientOptions): NationalSystemsClient {
  async function post(path: string, body: unknown): Promise<ExternalResult<unknown>> {
    return call(path, 'POST', body);
  }
  async function call(
    path: string,
    method: 'GET' | 'POST',
    body?: unknown,
  ): Promise<ExternalResult<unknown>> {
    let res: JsonExchange;
    try {
      res = await (options.request ?? jsonRequest)(`${options.baseUrl}${path}`, {
        method,
        ...(method === 'POST' ? { body } : {}),
        timeoutMs: options.timeoutMs,
      });
    } catch (e) {
      return { ok: false, failure: e instanceof JsonHttpError ? e.failure : 'unavailable' };
    }
    if (res.status === 404) return { ok: false, failure: 'notFound' };
    if (res.status === 504 || res.status === 408) return { ok: false, failure: 'timeout' };
    if (res.status < 200 || res.status > 299) return { ok: false, failure: 'unavailable' };
    if (res.json === undefined) return { ok: false, failure: 'invalidResponse' };
    return { ok: true, value: res.json };
  }
  const smsBatch = options.smsBatch ?? DEFAULT_SMS_BATCH;
  const sms =
    smsBatch.gapMs === 0
      ? undefined
      : new SmsBatcher(
          async (messages) =>
            readSmsBatchAnswer(await post('/sms/send-batch', { messages }), messages.length),
          smsBatch,
        );
  function matchResult(r: ExternalResult<unknown>): ExternalResult<{ match: boolean }> {
    if (!r.ok) return r;
    const m = (r.value as { match?: unknown }).match;
    return typeof m === 'boolean'
      ? { ok: true, value: { match: m } }
      : { ok: false, failure: 'invalidResponse' };
  }
  return {
    async citizenRecord(idNumber) {
      const r = await call(`/population/citizens/${encodeURIComponent(idNumber)}`, 'GET');
      if (!r.ok) return r;
      const v = r.value as Partial<Record<keyof PopulationRecord, unknown>>;
      if (
        typeof v.cccd !== 'string' ||
        typeof v.fullName !== 'string' ||
        typeof v.dateOfBirth !== 'string' ||
        (v.gender !== 'male' && v.gender !== 'female') ||
        typeof v.permanentAddress !== 'string'
      )
        return { ok: false, failure: 'invalidResponse' };
      const out: PopulationRecord = {
        cccd: v.cccd,
        fullName: v.fullName,
        dateOfBirth: v.dateOfBirth,
        gender: v.gender,
        permanentAddress: v.permanentAddress,
      };
      if (typeof v.cmnd === 'string') out.cmnd = v.cmnd;
      if (typeof v.phone === 'string') out.phone = v.phone;
      if (typeof v.email === 'string') out.email = v.email;
      return { ok: true, value: out };
    },
    async verifyCitizen(q) {
      return matchResult(await post('/population/verify', q));
    },
    async verifyBhxh(q) {
      return matchResult(await post('/bhxh/verify', q));
    },
    async lookupSubscriber(phone) {
      const r = await post('/carriers/subscriber', { phone });
      if (!r.ok) return r;
      const v = r.value as Partial<SubscriberInfo>;
      if (
        typeof v.carrier !== 'string' ||
        typeof v.ownerIdNumber !== 'string' ||
        (v.ownerIdType !== 'CCCD' && v.ownerIdType !== 'CMND') ||
        typeof v.chinhChu !== 'boolean'
      )
        return { ok: false, failure: 'invalidResponse' };
      return {
        ok: true,
        value: {
          carrier: v.carrier,
          ownerIdNumber: v.ownerIdNumber,
          ownerIdType: v.ownerIdType,
          chinhChu: v.chinhChu,
        },
      };
    },
    async rsCredentials(userId) {
      const r = await post('/rs/credentials/list', { userId });
      if (!r.ok) return r;
      const ids = (r.value as { credentialIds?: unknown }).credentialIds;
      return Array.isArray(ids) && ids.every((i) => typeof i === 'string')
        ? { ok: true, value: ids as string[] }
        : { ok: false, failure: 'invalidResponse' };
    },
    async rsSignHash(request) {
      const r = await post('/rs/signatures/signHash', request);
      if (!r.ok) return r;
      const id = (r.value as { transactionId?: unknown }).transactionId;
      return typeof id === 'string'
        ? { ok: true, value: { transactionId: id } }
        : { ok: false, failure: 'invalidResponse' };
    },
    async rsStatus(transactionId) {
      const r = await call(`/rs/signatures/${encodeURIComponent(transactionId)}`, 'GET');
      if (!r.ok) return r;
      const v = r.value as { status?: unknown; signatures?: unknown; certificate?: unknown; chain?: unknown };
      if (typeof v.status !== 'number') return { ok: false, failure: 'invalidResponse' };
      const out: RemoteSigningStatus = { status: v.status };
      if (Array.isArray(v.signatures))
        out.signatures = v.signatures.filter((x): x is string => typeof x === 'string');
      if (typeof v.certificate === 'string') out.certificate = v.certificate;
      if (Array.isArray(v.chain)) out.chain = v.chain.filter((x): x is string => typeof x === 'string');
      return { ok: true, value: out };
    },
    async msspSign(request) {
      const r = await post('/mssp/signature', request);
      if (!r.ok) return r;
      const id = (r.value as { msspTransId?: unknown }).msspTransId;
      return typeof id === 'string'
        ? { ok: true, value: { msspTransId: id } }
        : { ok: false, failure: 'invalidResponse' };
    },
    async msspProfile(msisdn) {
      const r = await post('/mssp/profile', { msisdn });
      if (!r.ok) return r;
      const v = r.value as { status?: { code?: unknown }; certificate?: unknown; chain?: unknown };
      if (typeof v.status?.code !== 'number') return { ok: false, failure: 'invalidResponse' };
      const profile: MsspProfile = { code: v.status.code };
      if (typeof v.certificate === 'string') profile.certificate = v.certificate;
      if (Array.isArray(v.chain)) profile.chain = v.chain.filter((c): c is string => typeof c === 'string');
      return { ok: true, value: profile };
    },
    async msspStatus(msspTransId) {
      const r = await call(`/mssp/status/${encodeURIComponent(msspTransId)}`, 'GET');
      if (!r.ok) return r;
      const v = r.value as {
        status?: { code?: unknown };
        signature?: unknown;
        certificate?: unknown;
        chain?: unknown;
      };
      if (typeof v.status?.code !== 'number') return { ok: false, failure: 'invalidResponse' };
      const status: MsspStatus = { code: v.status.code };
      if (typeof v.signature === 'string') status.signature = v.signature;
      if (typeof v.certificate === 'string') status.certificate = v.certificate;
      if (Array.isArray(v.chain)) status.chain = v.chain.filter((c): c is string => typeof c === 'string');
      return { ok: true, value: status };
    },
    async sendSms(to, text) {
      if (sms) return sms.send(to, text);
      const r = await post('/sms/send', { to, text });
      return r.ok ? { ok: true, value: true } : r;
    },
    close() {
      sms?.close();
    },
  };
}
