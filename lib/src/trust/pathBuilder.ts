/**
 * Builds candidate certification paths from an unordered pool: depth-first from the leaf,
 * issuers matched by name and ordered by key identifier, each certificate at most once per path
 * (so cross-certificates and loops cannot recurse forever). Paths are yielded best-first.
 */
import type { TrustCertificate } from './trustCertificate.js';

export const MAX_PATH_DEPTH = 12;
export const MAX_CANDIDATE_PATHS = 64;

export interface CandidatePath {
  /** leaf → … → anchor. */
  certificates: TrustCertificate[];
}

function keyIdRank(child: TrustCertificate, issuer: TrustCertificate): number {
  if (!child.authorityKeyId || !issuer.subjectKeyId) return 1;
  return child.authorityKeyId === issuer.subjectKeyId ? 0 : 2;
}

export class PathBuilder {
  private readonly bySubject = new Map<string, TrustCertificate[]>();
  private readonly anchorsBySubject = new Map<string, TrustCertificate[]>();
  private readonly anchorIds: Set<string>;

  constructor(intermediates: TrustCertificate[], anchors: TrustCertificate[]) {
    this.anchorIds = new Set(anchors.map((a) => a.id));
    const seen = new Set<string>();
    for (const c of intermediates) {
      if (seen.has(c.id) || this.anchorIds.has(c.id)) continue;
      seen.add(c.id);
      const list = this.bySubject.get(c.subject.key) ?? [];
      list.push(c);
      this.bySubject.set(c.subject.key, list);
    }
    for (const a of anchors) {
      const list = this.anchorsBySubject.get(a.subject.key) ?? [];
      if (!list.some((x) => x.id === a.id)) list.push(a);
      this.anchorsBySubject.set(a.subject.key, list);
    }
  }

  isAnchor(cert: TrustCertificate): boolean {
    return this.anchorIds.has(cert.id);
  }

  /** Certificates in the pool (not anchors) whose subject is `issuerKey`. */
  issuersOf(cert: TrustCertificate): TrustCertificate[] {
    return [...(this.bySubject.get(cert.issuer.key) ?? [])].sort(
      (a, b) => keyIdRank(cert, a) - keyIdRank(cert, b),
    );
  }

  anchorsFor(cert: TrustCertificate): TrustCertificate[] {
    return [...(this.anchorsBySubject.get(cert.issuer.key) ?? [])].sort(
      (a, b) => keyIdRank(cert, a) - keyIdRank(cert, b),
    );
  }

  /** Candidate complete paths, best first. */
  *paths(leaf: TrustCertificate): Generator<CandidatePath> {
    if (this.isAnchor(leaf)) {
      yield { certificates: [leaf] };
      return;
    }
    let count = 0;
    const chain: TrustCertificate[] = [leaf];
    const onPath = new Set<string>([leaf.id]);
    const self = this;
    function* extend(): Generator<CandidatePath> {
      const top = chain[chain.length - 1]!;
      for (const anchor of self.anchorsFor(top)) {
        if (count >= MAX_CANDIDATE_PATHS) return;
        count++;
        yield { certificates: [...chain, anchor] };
      }
      if (chain.length >= MAX_PATH_DEPTH) return;
      for (const issuer of self.issuersOf(top)) {
        if (onPath.has(issuer.id) || count >= MAX_CANDIDATE_PATHS) continue;
        chain.push(issuer);
        onPath.add(issuer.id);
        yield* extend();
        chain.pop();
        onPath.delete(issuer.id);
      }
    }
    yield* extend();
  }

  /** The longest chain upwards from the leaf without reaching an anchor (for reporting NO_PATH). */
  partialChain(leaf: TrustCertificate): TrustCertificate[] {
    const chain = [leaf];
    const onPath = new Set([leaf.id]);
    for (;;) {
      const next = this.issuersOf(chain[chain.length - 1]!).find((c) => !onPath.has(c.id));
      if (!next || chain.length >= MAX_PATH_DEPTH) return chain;
      chain.push(next);
      onPath.add(next.id);
    }
  }
}
