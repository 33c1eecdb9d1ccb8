/**
 * Generated policies as reviewable YAML: one text per namespace, policies in name order, and a
 * comment on each rule saying how many recorded flows and which peers it came from. Written
 * with YAML 1.1 quoting (what kubectl reads), so values like `yes` or `080` stay strings.
 */

import { Document, isMap, isSeq } from 'yaml';
import { policyObject, type GeneratedPolicy, type GeneratedRule } from './build.js';

const n = (x: number): string => x.toLocaleString('en-US');

function ruleComment(r: GeneratedRule, direction: 'egress' | 'ingress'): string {
  const shown = r.peers.slice(0, 3).join(', ');
  const more = r.peers.length > 3 ? ` and ${n(r.peers.length - 3)} more` : '';
  if (r.flows === 0) {
    return direction === 'egress'
      ? ` DNS to ${shown}: not in the recording, kept open so that name lookups work under default deny`
      : ` DNS for every pod of the cluster (they all keep DNS egress)`;
  }
  return ` ${n(r.flows)} recorded flow${r.flows === 1 ? '' : 's'} ${direction === 'egress' ? 'to' : 'from'} ${shown}${more}`;
}

/** The YAML document of one policy, with its comments. */
export function policyYaml(p: GeneratedPolicy): string {
  const doc = new Document(policyObject(p), { version: '1.1', aliasDuplicateObjects: false });
  doc.commentBefore = ` ${p.subject.name}: ${p.pods.slice(0, 5).join(', ')}${p.pods.length > 5 ? ` and ${n(p.pods.length - 5)} more` : ''} (${n(p.flows)} recorded flows)`;
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = direction === 'egress' ? p.egress : p.ingress;
    const seq = doc.getIn(['spec', direction], true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      if (rules[i]) item.commentBefore = ruleComment(rules[i]!, direction);
      else item.commentBefore = ` no recorded ${direction}: default deny, nothing allowed`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** One YAML stream per namespace (namespace -> text), policies in name order. */
export function policiesYaml(policies: readonly GeneratedPolicy[], header: string): Map<string, string> {
  const byNamespace = new Map<string, GeneratedPolicy[]>();
  for (const p of policies) {
    let list = byNamespace.get(p.namespace);
    if (!list) byNamespace.set(p.namespace, (list = []));
    list.push(p);
  }
  const out = new Map<string, string>();
  for (const ns of [...byNamespace.keys()].sort()) {
    const list = byNamespace.get(ns)!.sort((a, b) => a.name.localeCompare(b.name));
    const head = header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n');
    out.set(ns, `${head}\n${list.map((p) => `---\n${policyYaml(p)}`).join('')}`);
  }
  return out;
}
