/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)) for directory names, rfc822 names
 * (SAN and emailAddress in the subject), DNS names, URIs and IP addresses.
 *
 * Instead of intersecting subtrees, every constraining CA's subtrees are kept and a name must
 * satisfy each of them: the same outcome as the RFC's permitted_subtrees intersection.
 */
import { isWithinDnSubtree } from '../cert/distinguishedName.js';
import type { PlainGeneralName } from './generalNames.js';
import type { Subtree, TrustCertificate } from './trustCertificate.js';

function kindKey(n: PlainGeneralName): string {
  return n.kind === 'other' ? `other:${n.tag}` : n.kind;
}

function hostMatches(host: string, constraint: string): boolean {
  const h = host.toLowerCase();
  const c = constraint.toLowerCase();
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c;
}

function dnsMatches(name: string, constraint: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const c = constraint.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  if (c === '') return true;
  return n === c || n.endsWith(`.${c}`);
}

function emailMatches(email: string, constraint: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  if (constraint.includes('@')) {
    const ca = constraint.lastIndexOf('@');
    return (
      email.slice(0, at) === constraint.slice(0, ca) &&
      email.slice(at + 1).toLowerCase() === constraint.slice(ca + 1).toLowerCase()
    );
  }
  return hostMatches(email.slice(at + 1), constraint);
}

function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  return m?.[1] || undefined;
}

function ipMatches(addr: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== addr.length * 2) return false;
  for (let i = 0; i < addr.length; i++) {
    const mask = constraint[addr.length + i]!;
    if ((addr[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

/** Does `name` fall within the subtree `base`? (Both are of the same kind.) */
export function nameInSubtree(name: PlainGeneralName, base: PlainGeneralName): boolean {
  switch (name.kind) {
    case 'dn':
      return base.kind === 'dn' && isWithinDnSubtree(name.name, base.name);
    case 'email':
      return base.kind === 'email' && emailMatches(name.value, base.value);
    case 'dns':
      return base.kind === 'dns' && dnsMatches(name.value, base.value);
    case 'uri': {
      if (base.kind !== 'uri') return false;
      const host = uriHost(name.value);
      return host !== undefined && hostMatches(host, base.value);
    }
    case 'ip':
      return base.kind === 'ip' && ipMatches(name.bytes, base.bytes);
    case 'other':
      return base.kind === 'other' && base.tag === name.tag && base.key === name.key;
  }
}

/** The names of a certificate that constraints apply to. */
export function constrainedNames(cert: TrustCertificate): PlainGeneralName[] {
  const names: PlainGeneralName[] = [];
  if (cert.subject.rdns.length > 0) names.push({ kind: 'dn', name: cert.subject });
  for (const email of cert.subject.emails) names.push({ kind: 'email', value: email });
  names.push(...cert.subjectAltNames);
  return names;
}

export class NameConstraintState {
  private readonly sets: { permitted?: Subtree[]; excluded?: Subtree[] }[] = [];

  /** Records the constraints of a CA certificate (§6.1.4 (g)). */
  add(cert: TrustCertificate): void {
    if (cert.nameConstraints) this.sets.push(cert.nameConstraints);
  }

  /** Names of `cert` that violate a recorded constraint, as readable strings. */
  violations(cert: TrustCertificate): string[] {
    const out: string[] = [];
    for (const name of constrainedNames(cert)) {
      const kind = kindKey(name);
      for (const set of this.sets) {
        const permitted = set.permitted?.filter((s) => kindKey(s.base) === kind) ?? [];
        if (permitted.length > 0 && !permitted.some((s) => nameInSubtree(name, s.base))) {
          out.push(`${describe(name)} not permitted`);
        }
        const excluded = set.excluded?.filter((s) => kindKey(s.base) === kind) ?? [];
        if (excluded.some((s) => nameInSubtree(name, s.base))) out.push(`${describe(name)} excluded`);
      }
    }
    return out;
  }
}

function describe(name: PlainGeneralName): string {
  switch (name.kind) {
    case 'dn':
      return 'directory name';
    case 'ip':
      return `IP ${[...name.bytes].join('.')}`;
    case 'other':
      return `name of type ${name.tag}`;
    default:
      return `${name.kind} ${name.value}`;
  }
}
