/**
 * `lintModel`: runs the lint checks over a model and returns their findings, sorted by file
 * and line. Every check asks the engine for semantics (resolved maps, lookups, L7
 * evaluation); none re-derives a verdict.
 */

import type { Model } from '../model.js';
import { LintContext, type LintOptions } from './context.js';
import { compareFindings, type Finding } from './finding.js';
import { LINT_RULES, isLintRuleId } from './rules.js';
import { checkAllowOverriddenByDeny } from './rules/allow-overridden-by-deny.js';
import { checkCidrMatchesClusterAddress } from './rules/cidr-matches-cluster-address.js';
import { checkDnsBlockedByEgress } from './rules/dns-blocked-by-egress.js';
import { checkEnvoyRejectsPolicy } from './rules/envoy-rejects-policy.js';
import { checkExcludedLabelSelector } from './rules/excluded-label-selector.js';
import { checkHostProbesDenied } from './rules/host-probes-denied.js';
import { checkImplicitDefaultDeny } from './rules/implicit-default-deny.js';
import { checkKnpCnpOverlap } from './rules/knp-cnp-overlap.js';
import { checkL4AllowVoidsL7 } from './rules/l4-allow-voids-l7.js';
import { checkL7RulesNotEnforced } from './rules/l7-rules-not-enforced.js';
import { checkPolicyRejected } from './rules/policy-rejected.js';
import { checkShadowedRule } from './rules/shadowed-rule.js';
import { checkSelectorMatchesNothing } from './rules/selector-matches-nothing.js';
import { checkTofqdnsWithoutDnsProxy } from './rules/tofqdns-without-dns-proxy.js';
import { checkToservicesServicePort } from './rules/toservices-service-port.js';

export type LintCheck = (ctx: LintContext) => Finding[];

/** The check of every rule of the catalogue. */
export const LINT_CHECKS: Readonly<Record<string, LintCheck>> = {
  'dns-blocked-by-egress': checkDnsBlockedByEgress,
  'tofqdns-without-dns-proxy': checkTofqdnsWithoutDnsProxy,
  'l4-allow-voids-l7': checkL4AllowVoidsL7,
  'l7-rules-not-enforced': checkL7RulesNotEnforced,
  'implicit-default-deny': checkImplicitDefaultDeny,
  'selector-matches-nothing': checkSelectorMatchesNothing,
  'excluded-label-selector': checkExcludedLabelSelector,
  'toservices-service-port': checkToservicesServicePort,
  'cidr-matches-cluster-address': checkCidrMatchesClusterAddress,
  'shadowed-rule': checkShadowedRule,
  'allow-overridden-by-deny': checkAllowOverriddenByDeny,
  'knp-cnp-overlap': checkKnpCnpOverlap,
  'host-probes-denied': checkHostProbesDenied,
  'policy-rejected': checkPolicyRejected,
  'envoy-rejects-policy': checkEnvoyRejectsPolicy,
};

/** Rule ids of a list that the catalogue does not know. */
export function unknownRuleIds(ids: readonly string[]): string[] {
  return ids.filter((id) => !isLintRuleId(id));
}

export function lintModel(model: Model, options: LintOptions = {}): Finding[] {
  const ctx = new LintContext(model, options);
  const findings: Finding[] = [];
  for (const rule of LINT_RULES) {
    if (!ctx.enabled(rule.id)) continue;
    const check = LINT_CHECKS[rule.id];
    if (check) for (const x of check(ctx)) findings.push(x);
  }
  return findings.sort(compareFindings);
}

export { LintContext, type LintOptions } from './context.js';
export * from './finding.js';
export * from './rules.js';
