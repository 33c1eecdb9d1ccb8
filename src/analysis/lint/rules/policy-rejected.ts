/** policy-rejected: each error that makes Cilium (or the API server) reject a policy. */

import { formatPath } from '../../../cluster/index.js';
import type { LintContext } from '../context.js';
import type { Finding } from '../finding.js';

export function checkPolicyRejected(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const rejected of ctx.model.policies.rejected) {
    const seen = new Set<string>();
    for (const d of rejected.diagnostics) {
      if (d.severity !== 'error') continue;
      const path = d.path ?? [];
      const key = `${formatPath(path)}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const f = ctx.finding({
        id: 'policy-rejected',
        policy: rejected.ref,
        path,
        message: `The policy is rejected and enforces nothing: ${d.message}`,
        fix: d.hint ? { description: d.hint } : undefined,
      });
      findings.push(d.location ? { ...f, location: d.location, excerpt: d.excerpt } : f);
    }
  }
  return findings;
}
