/**
 * Client of the simulated national systems (population database, carriers, BHXH, SMS gateway) over
 * HTTP, with a timeout on every call. Failures come back as values, never as exceptions, so each
 * step can show its own message.
 */
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

export interface NationalSystems {
  verifyCitizen(query: CitizenQuery): Promise<ExternalResult<{ match: boolean }>>;
  lookupSubscriber(phone: string): Promise<ExternalResult<SubscriberInfo>>;
  verifyBhxh(query: CitizenQuery & { bhxhCode: string }): Promise<ExternalResult<{ match: boolean }>>;
  sendSms(to: string, text: string): Promise<ExternalResult<true>>;
}

export interface SimulatorsClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function simulatorsClient(options: SimulatorsClientOptions): NationalSystems {
  const doFetch = options.fetch ?? fetch;
  async function post(path: string, body: unknown): Promise<ExternalResult<unknown>> {
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string } | null)?.name;
      return {
        ok: false,
        failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unavailable',
      };
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      const name = (e as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, failure: 'timeout' };
      json = undefined;
    }
    if (res.status === 404) return { ok: false, failure: 'notFound' };
    if (res.status === 504 || res.status === 408) return { ok: false, failure: 'timeout' };
    if (!res.ok) return { ok: false, failure: 'unavailable' };
    if (json === undefined) return { ok: false, failure: 'invalidResponse' };
    return { ok: true, value: json };
  }
  function matchResult(r: ExternalResult<unknown>): ExternalResult<{ match: boolean }> {
    if (!r.ok) return r;
    const m = (r.value as { match?: unknown }).match;
    return typeof m === 'boolean'
      ? { ok: true, value: { match: m } }
      : { ok: false, failure: 'invalidResponse' };
  }
  return {
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
    async sendSms(to, text) {
      const r = await post('/sms/send', { to, text });
      return r.ok ? { ok: true, value: true } : r;
    },
  };
}
