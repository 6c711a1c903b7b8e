/**
 * The canonical declaration (tờ khai) of a dossier: the exact bytes the citizen signs and the ministry
 * stores. UTF-8 JSON, object keys sorted by UTF-16 code units at every level, no whitespace, every string
 * in Unicode NFC, no trailing newline. Same input → same bytes, on any machine (docs/dossiers.md).
 */
import { createHash } from 'node:crypto';
import type { ProcedureCode } from './procedures.js';

export const DECLARATION_FORMAT = 'kyso-dossier-declaration/1';

export interface Declaration {
  format: typeof DECLARATION_FORMAT;
  procedure: ProcedureCode;
  /** Ministry account id of the declarant. */
  accountId: string;
  /** CCCD (citizen) or MST (business) of the account: the identity the signer must have. */
  declarantId: string;
  /** Field name → normalised value (only the answered fields). */
  fields: Record<string, string>;
  /** Server nonce (base64url, 16 random bytes): two identical forms still give distinct declarations. */
  nonce: string;
  /** Creation time, ISO 8601 UTC with whole seconds. */
  createdAt: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function canonical(value: Json): string {
  if (typeof value === 'string') return JSON.stringify(value.normalize('NFC'));
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('canonical JSON takes integers only');
    return String(value);
  }
  if (value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value)
    .map((k) => k.normalize('NFC'))
    .sort();
  if (new Set(keys).size !== keys.length) throw new TypeError('duplicate keys after NFC');
  const byKey = new Map(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), v]));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(byKey.get(k) as Json)}`).join(',')}}`;
}

/** Canonical JSON text of any JSON value (sorted keys, NFC strings, no whitespace). */
export function canonicalJson(value: Json): string {
  return canonical(value);
}

export interface SerialisedDeclaration {
  text: string;
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
}

export function serialiseDeclaration(d: Declaration): SerialisedDeclaration {
  const text = canonical({ ...d, fields: { ...d.fields } });
  const bytes = new TextEncoder().encode(text);
  return { text, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Whole-second ISO time, as stored in `createdAt`. */
export function declarationTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Reads a stored declaration back (for display). Returns null when the text is not a canonical declaration
 * (e.g. it was altered in the database so that it no longer parses or is no longer canonical).
 */
export function parseDeclaration(text: string): Declaration | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  const fields = d.fields;
  if (
    d.format !== DECLARATION_FORMAT ||
    typeof d.procedure !== 'string' ||
    typeof d.accountId !== 'string' ||
    typeof d.declarantId !== 'string' ||
    typeof d.nonce !== 'string' ||
    typeof d.createdAt !== 'string' ||
    typeof fields !== 'object' ||
    fields === null ||
    Array.isArray(fields) ||
    !Object.values(fields).every((x) => typeof x === 'string') ||
    Object.keys(d).length !== 7
  )
    return null;
  const decl = d as unknown as Declaration;
  return serialiseDeclaration(decl).text === text ? decl : null;
}
