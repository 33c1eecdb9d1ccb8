/**
 * l4-allow-voids-l7: L7 rules that filter nothing for a peer because another allow covers the
 * same peer and port without L7 rules. The decision is the engine's L7 evaluation (the union of
 * every allow matching the connection); this check only asks it, per L7 rule set and peer.
 */

import { formatPath, type Identity } from '../../../cluster/index.js';
import { evaluateDns, evaluateHttp, type Row } from '../../../engine/index.js';
import { protocolName } from '../../../net/index.js';
import { formatPolicyRef } from '../../../policy/entry.js';
import { listText, podNames, podsText, type LintContext } from '../context.js';
import { entryPath, ruleText } from '../describe.js';
import { relatedAt, type Finding } from '../finding.js';
import { DIRECTIONS, filterPort, l7Contributions, l7Text, matchesEverything, peerName, type RuleContribution } from '../l7-rules.js';

interface VoidGroup {
  readonly l7: RuleContribution;
  readonly opener: RuleContribution;
  readonly subjects: Set<Identity>;
  readonly peers: Set<string>;
  readonly ports: Set<string>;
}

export function checkL4AllowVoidsL7(ctx: LintContext): Finding[] {
  const groups = new Map<string, VoidGroup>();
  const world = ctx.cluster.identities.worldOf();
  for (const subject of ctx.podIdentities) {
    for (const direction of DIRECTIONS) {
      const policy = ctx.map(subject, direction).policy;
      if (!policy.enforced || !policy.defaultDeny || policy.conflicts.length > 0) continue;
      for (const filter of policy.filters) {
        for (const psp of filter.perSelector.values()) {
          if (psp.deny || !psp.l7 || psp.l7.allowAll === 'default-allow') continue;
          const l7 = l7Contributions(psp).filter((c) => !matchesEverything(c.portRule!));
          if (l7.length === 0) continue;
          const peers: Identity[] = psp.peer.peer.kind === 'wildcard' ? [world, ...ctx.podIdentities] : [...ctx.engine.selectors.select(psp.peer)];
          for (const peer of peers) {
            const port = filterPort(filter, direction, subject, peer);
            if (port === undefined || filter.protocol === 0) continue;
            const { allowRows } = ctx.engine.lookup(subject, direction, peer, filter.protocol, port);
            const verdict = psp.l7.kind === 'http'
              ? evaluateHttp(allowRows, { method: 'GET', path: '/' })
              : evaluateDns(allowRows, filter.protocol, port, 'example.com');
            if (verdict.reason !== 'allow-all' || !verdict.openedBy) continue;
            const opened: Row = verdict.openedBy;
            const openers = opened.policy === psp
              ? psp.contributions.filter((c): c is RuleContribution => c.kind === 'rule' && c.portRule?.l7 === undefined)
              : opened.policy.contributions.filter((c): c is RuleContribution => c.kind === 'rule' && c.portRule?.l7 === undefined);
            for (const c of l7) {
              for (const o of openers) {
                if (o.entry === c.entry && o.portRule === c.portRule) continue;
                const key = `${formatPolicyRef(c.entry.origin.policy)}|${formatPath(c.portRule!.path)}|${formatPolicyRef(o.entry.origin.policy)}|${formatPath(entryPath(o.entry))}`;
                let g = groups.get(key);
                if (!g) groups.set(key, (g = { l7: c, opener: o, subjects: new Set(), peers: new Set(), ports: new Set() }));
                g.subjects.add(subject);
                for (const n of peerName(peer)) g.peers.add(n);
                g.ports.add(`${port}/${protocolName(filter.protocol)}`);
              }
            }
          }
        }
      }
    }
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const entry = g.l7.entry;
    const portRule = g.l7.portRule!;
    const opener = g.opener.entry;
    const peers = [...g.peers].sort();
    const ports = [...g.ports].sort();
    const what = opener.portRules === undefined ? 'all ports' : listText(ports);
    const message =
      `On ${podsText(g.subjects)}, the ${l7Text(portRule)} of ${formatPath(entry.origin.path)} filter nothing for ${listText(peers)} on ${listText(ports)}: ` +
      `${ruleText(opener, entry)} (${g.opener.peer.description}) allows the same peer on ${what} without L7 rules, and allows add up.`;
    findings.push(ctx.finding({
      id: 'l4-allow-voids-l7',
      policy: entry.origin.policy,
      path: [...portRule.path, 'rules'],
      message,
      fix: {
        description: `Remove ${ruleText(opener, entry)} for ${listText(peers)}, narrow it so that it does not cover ${listText(ports)}, or give it the same L7 rules.`,
      },
      related: [relatedAt(opener.origin.policy, entryPath(opener), 'this allow has no L7 rules for the same peer and port')],
      pods: podNames(g.subjects),
    }));
  }
  return findings;
}
