/**
 * What the dossier module (hồ sơ: procedures, forms, signing, verification, status) needs from the ministry
 * portal that mounts it. The ministry app implements this interface and calls `registerDossierRoutes`
 * (./dossierRoutes.ts); the dossier module never reaches into the app's own tables or sessions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Migration } from 'kysely';
import type { VNode } from 'preact';
import type { CertificateTrust } from '../../portal/portalContext.js';

export type Lang = 'vi' | 'en';

/** The signed-in ministry (BCA) account as the dossier pages see it. */
export interface MinistryAccountView {
  id: string;
  subject: 'congDan' | 'doanhNghiep';
  /** CCCD (citizen) or MST (business): the identity a dossier signer must have. */
  idNumber: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  /** Linked to a national-portal (DVCQG) identity: Decree 45/2020 accepts dossiers only then. */
  linked: boolean;
  /** Userinfo claims last received from the national portal (PascalCase, §2.3), for prefilling forms. */
  nationalClaims: Readonly<Record<string, unknown>> | null;
}

/** A ministry officer (cán bộ tiếp nhận / xử lý hồ sơ) as the officer pages see them. */
export interface MinistryOfficerView {
  /** The officer's account id (the `MinistryAccountView.id` of the same person): never their own dossiers. */
  id: string;
  fullName: string;
  /** The unit they work for, shown in the dossier trail (e.g. "Công an phường Ba Đình"). */
  unit: string;
}

export interface DossierHost {
  /** The ministry database; the dossier tables are created by `dossierMigrations` run by the app's migrator. */
  // biome-ignore lint/suspicious/noExplicitAny: the app's database type is a superset the module does not know
  db: Kysely<any>;
  /** Milliseconds since the epoch (a manual clock in tests). */
  now(): number;
  lang(req: FastifyRequest): Lang;
  /** The signed-in account, or null. */
  currentAccount(req: FastifyRequest): Promise<MinistryAccountView | null>;
  /** Sends an anonymous visitor to sign in (SSO through the national portal) and back to `returnTo`. */
  requireSignIn(req: FastifyRequest, reply: FastifyReply, returnTo: string): Promise<FastifyReply>;
  /** The session's CSRF token for forms (`_csrf` field) and `x-csrf-token` headers; the app checks it on every POST. */
  csrfToken(req: FastifyRequest): string;
  /** Renders `body` inside the ministry layout (title, navigation, language switch) and sends it. */
  sendPage(req: FastifyRequest, reply: FastifyReply, title: string, body: VNode): Promise<FastifyReply>;
  /** Appends to the ministry audit log (never secrets or signatures, only ids and outcomes). */
  audit(
    req: FastifyRequest,
    event: string,
    accountId: string | null,
    detail: Record<string, unknown>,
  ): Promise<void>;
  /** Notifies the account holder (the simulators' e-mail outbox). */
  notify(accountId: string, subject: string, text: string): Promise<void>;
  /** Trust for signers' certificates (demo roots, intermediates, OCSP/CRL fetch). */
  trust: CertificateTrust;
  /** Base URL of the simulated national systems (MSSP, remote signing) for SIM and remote signatures. */
  simulatorsUrl: string;
  /**
   * The signed-in officer (the request's account holds the officer role, e.g. the seeded demo officer), or
   * null. Absent: the officer pages (`/can-bo/ho-so*`) answer 404.
   */
  currentOfficer?(req: FastifyRequest): Promise<MinistryOfficerView | null>;
}

/** Migrations of the dossier tables, named `dossier_NNN_*` so they sort after the app's own. */
export type DossierMigrations = Record<string, Migration>;
