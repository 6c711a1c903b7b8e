/**
 * Certificate policy processing of RFC 5280 §6.1: the valid_policy_tree with policy mappings,
 * requireExplicitPolicy, inhibitPolicyMapping and inhibitAnyPolicy.
 *
 * Certificates are fed top-down (the one issued by the trust anchor first, the leaf last).
 */
import type { TrustCertificate } from './trustCertificate.js';

export const ANY_POLICY = '2.5.29.32.0';

interface PolicyNode {
  validPolicy: string;
  qualifiers: unknown[];
  expected: Set<string>;
  children: PolicyNode[];
  parent: PolicyNode | undefined;
  depth: number;
}

export interface PolicySettings {
  initialPolicySet?: string[];
  explicitPolicyRequired?: boolean;
  policyMappingInhibit?: boolean;
  anyPolicyInhibit?: boolean;
}

export interface PolicyOutcome {
  /** Problems found, with the 1-based position from the top (converted by the caller). */
  failures: { position: number; detail: string }[];
  /** Policies the path is valid for (user-constrained policy set); `[anyPolicy]` when unconstrained. */
  validPolicies: string[];
}

function node(
  validPolicy: string,
  qualifiers: unknown[],
  expected: Set<string>,
  parent?: PolicyNode,
): PolicyNode {
  const n: PolicyNode = {
    validPolicy,
    qualifiers,
    expected,
    children: [],
    parent,
    depth: parent ? parent.depth + 1 : 0,
  };
  parent?.children.push(n);
  return n;
}

export class PolicyProcessor {
  private root: PolicyNode | undefined;
  private explicitPolicy: number;
  private inhibitAnyPolicy: number;
  private policyMapping: number;
  private readonly n: number;
  private readonly initial: string[];
  readonly failures: { position: number; detail: string }[] = [];

  constructor(pathLength: number, settings: PolicySettings = {}) {
    this.n = pathLength;
    this.root = node(ANY_POLICY, [], new Set([ANY_POLICY]));
    this.explicitPolicy = settings.explicitPolicyRequired ? 0 : pathLength + 1;
    this.inhibitAnyPolicy = settings.anyPolicyInhibit ? 0 : pathLength + 1;
    this.policyMapping = settings.policyMappingInhibit ? 0 : pathLength + 1;
    const initial = settings.initialPolicySet?.length ? settings.initialPolicySet : [ANY_POLICY];
    this.initial = initial;
  }

  private level(depth: number): PolicyNode[] {
    const out: PolicyNode[] = [];
    const walk = (x: PolicyNode) => {
      if (x.depth === depth) out.push(x);
      else for (const c of x.children) walk(c);
    };
    if (this.root) walk(this.root);
    return out;
  }

  private removeNode(x: PolicyNode): void {
    if (!x.parent) {
      this.root = undefined;
      return;
    }
    x.parent.children = x.parent.children.filter((c) => c !== x);
  }

  /** Deletes childless nodes above `depth`, repeatedly (RFC 5280 §6.1.3 (d)(3)). */
  private prune(depth: number): void {
    for (let d = depth - 1; d >= 0; d--) {
      for (const x of this.level(d)) if (x.children.length === 0) this.removeNode(x);
    }
    if (this.root && depth > 0 && this.root.children.length === 0) this.root = undefined;
  }

  /** §6.1.3 (d)–(f) for the certificate at 1-based position i. */
  processCertificate(cert: TrustCertificate, i: number): void {
    if (this.root && cert.policies) {
      const parents = this.level(i - 1);
      let anyQualifiers: unknown[] | undefined;
      for (const p of cert.policies) {
        if (p.oid === ANY_POLICY) {
          anyQualifiers = p.qualifiers;
          continue;
        }
        const matching = parents.filter((x) => x.expected.has(p.oid));
        const targets = matching.length > 0 ? matching : parents.filter((x) => x.validPolicy === ANY_POLICY);
        for (const parent of targets) node(p.oid, p.qualifiers, new Set([p.oid]), parent);
      }
      if (anyQualifiers && (this.inhibitAnyPolicy > 0 || (i < this.n && cert.selfIssued))) {
        for (const parent of parents) {
          for (const e of parent.expected) {
            if (!parent.children.some((c) => c.validPolicy === e))
              node(e, anyQualifiers, new Set([e]), parent);
          }
        }
      }
      this.prune(i);
      if (this.root && this.level(i).length === 0) this.root = undefined;
    } else if (!cert.policies) {
      this.root = undefined;
    }
    if (this.explicitPolicy <= 0 && !this.root) {
      this.failures.push({ position: i, detail: 'no acceptable certificate policy' });
    }
  }

  /** §6.1.4 (a), (b), (h)–(j): preparation after a non-leaf certificate at position i. */
  prepareNext(cert: TrustCertificate, i: number): void {
    if (cert.policyMappings) {
      const bad = cert.policyMappings.some((m) => m.issuer === ANY_POLICY || m.subject === ANY_POLICY);
      if (bad) this.failures.push({ position: i, detail: 'policy mapping to or from anyPolicy' });
      const byIssuer = new Map<string, Set<string>>();
      for (const m of cert.policyMappings) {
        if (m.issuer === ANY_POLICY || m.subject === ANY_POLICY) continue;
        const set = byIssuer.get(m.issuer) ?? new Set<string>();
        set.add(m.subject);
        byIssuer.set(m.issuer, set);
      }
      for (const [idp, subjects] of byIssuer) {
        const nodes = this.level(i);
        const matching = nodes.filter((x) => x.validPolicy === idp);
        if (this.policyMapping > 0) {
          if (matching.length > 0) {
            for (const x of matching) x.expected = new Set(subjects);
          } else {
            const any = nodes.find((x) => x.validPolicy === ANY_POLICY);
            if (any?.parent) node(idp, any.qualifiers, new Set(subjects), any.parent);
          }
        } else {
          for (const x of matching) this.removeNode(x);
          this.prune(i);
          if (this.root && this.level(i).length === 0) this.root = undefined;
        }
      }
    }
    if (!cert.selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--;
      if (this.policyMapping > 0) this.policyMapping--;
      if (this.inhibitAnyPolicy > 0) this.inhibitAnyPolicy--;
    }
    if (cert.requireExplicitPolicy !== undefined && cert.requireExplicitPolicy < this.explicitPolicy)
      this.explicitPolicy = cert.requireExplicitPolicy;
    if (cert.inhibitPolicyMapping !== undefined && cert.inhibitPolicyMapping < this.policyMapping)
      this.policyMapping = cert.inhibitPolicyMapping;
    if (cert.inhibitAnyPolicy !== undefined && cert.inhibitAnyPolicy < this.inhibitAnyPolicy)
      this.inhibitAnyPolicy = cert.inhibitAnyPolicy;
  }

  /** §6.1.5 (a), (b), (g) after the leaf. */
  wrapUp(leaf: TrustCertificate): PolicyOutcome {
    if (this.explicitPolicy > 0) this.explicitPolicy--;
    if (leaf.requireExplicitPolicy === 0) this.explicitPolicy = 0;
    let validPolicies: string[] = [];
    if (this.root) {
      if (this.initial.includes(ANY_POLICY)) {
        validPolicies = this.level(this.n).map((x) => x.validPolicy);
      } else {
        const validSet: PolicyNode[] = [];
        const walk = (x: PolicyNode) => {
          if (x.parent?.validPolicy === ANY_POLICY && x.validPolicy !== ANY_POLICY) validSet.push(x);
          if (x.validPolicy === ANY_POLICY) for (const c of x.children) walk(c);
        };
        walk(this.root);
        for (const x of validSet) if (!this.initial.includes(x.validPolicy)) this.removeNode(x);
        const leafAny = this.level(this.n).find((x) => x.validPolicy === ANY_POLICY);
        if (leafAny?.parent) {
          const present = new Set(validSet.map((x) => x.validPolicy));
          for (const p of this.initial) {
            if (!present.has(p)) node(p, leafAny.qualifiers, new Set([p]), leafAny.parent);
          }
          this.removeNode(leafAny);
        }
        this.prune(this.n);
        if (this.root && this.level(this.n).length === 0) this.root = undefined;
        validPolicies = this.level(this.n).map((x) => x.validPolicy);
      }
    }
    if (this.explicitPolicy <= 0 && !this.root) {
      this.failures.push({ position: this.n, detail: 'no acceptable certificate policy for the path' });
    }
    return { failures: this.failures, validPolicies: [...new Set(validPolicies)] };
  }
}
