/**
 * What every dossier route shares: the store, the signing context, page sending with a status, the
 * signed-in account and its own dossiers, the stored dossier's report and the signing page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { DossierHost, Lang, MinistryAccountView } from './dossierHost.js';
import { type PageMessageCode, pageText } from './dossierMessages.js';
import { MessagePage } from './dossierPages.js';
import { type DossierRow, DossierStore } from './dossierStore.js';
import { createSigningContext } from './signatureAcceptance.js';
import {
  acceptedSignerIds,
  type DossierVerificationReport,
  verifyDossierSignature,
} from './signatureVerification.js';
import { SignPage } from './signingPages.js';

export type Params = { Params: { id: string } };
export type Body = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Strict base64 (the CMS posted by the page), or null. */
export function decodeBase64(v: string): Uint8Array | null {
  const s = v.replace(/\s+/g, '');
  if (s === '' || s.length > 200_000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export type RouteKit = ReturnType<typeof createRouteKit>;

export function createRouteKit(host: DossierHost) {
  const store = new DossierStore(host);
  const signing = createSigningContext(host, store);

  const page = (req: FastifyRequest, reply: FastifyReply, title: string, body: VNode, status = 200) => {
    reply.code(status).header('cache-control', 'no-store');
    return host.sendPage(req, reply, title, body);
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply, lang: Lang) =>
    page(
      req,
      reply,
      pageText('DOSSIER_NOT_FOUND', lang),
      MessagePage({ lang, code: 'DOSSIER_NOT_FOUND', type: 'error' }),
      404,
    );

  const citizensOnly = (req: FastifyRequest, reply: FastifyReply, lang: Lang) =>
    page(
      req,
      reply,
      pageText('PROCEDURE_CITIZENS_ONLY', lang),
      MessagePage({ lang, code: 'PROCEDURE_CITIZENS_ONLY', type: 'error' }),
      403,
    );

  /** The signed-in account, or the sign-in redirect (returning to `returnTo`). */
  async function signedIn(req: FastifyRequest, reply: FastifyReply, returnTo: string) {
    const account = await host.currentAccount(req);
    if (!account) return { account: null, reply: await host.requireSignIn(req, reply, returnTo) };
    return { account, reply: null };
  }

  /** The account's own dossier, or null (someone else's dossier is "not found" too). */
  async function ownDossier(account: MinistryAccountView, id: string): Promise<DossierRow | null> {
    const d = await store.get(id);
    return d && d.accountId === account.id ? d : null;
  }

  async function report(
    d: DossierRow,
    account: Pick<MinistryAccountView, 'subject' | 'idNumber' | 'nationalClaims'>,
  ) {
    if (!d.cms || d.submittedAt === null) return null;
    return verifyDossierSignature({
      declaration: new TextEncoder().encode(d.declaration),
      cms: new Uint8Array(Buffer.from(d.cms, 'base64')),
      trust: host.trust,
      time: new Date(d.submittedAt),
      expectedSigner: acceptedSignerIds(account),
    });
  }

  function signPage(
    req: FastifyRequest,
    reply: FastifyReply,
    account: MinistryAccountView,
    d: DossierRow,
    message?: { code: PageMessageCode; report?: DossierVerificationReport | null },
    status = 200,
  ) {
    const lang = host.lang(req);
    return page(
      req,
      reply,
      lang === 'vi' ? 'Ký số tờ khai' : 'Sign the declaration',
      SignPage({
        lang,
        csrf: host.csrfToken(req),
        dossier: d,
        accountPhone: account.phone,
        holderId: account.idNumber,
        ...(message ? { message } : {}),
      }),
      status,
    );
  }

  return { host, store, signing, page, notFound, citizensOnly, signedIn, ownDossier, report, signPage };
}
