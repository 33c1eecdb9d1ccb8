/**
 * The keyed policy-map layout against a plain scan of rows: verdict tables on random rows,
 * and whole materialized maps (identity classes + tables) of random clusters and policies
 * against the rows an on-demand engine builds for each peer, scanned as the datapath's
 * precedence says (any deny, then any allow with or without proxy, then the default), and
 * against that engine's explained lookup where an allow is still dropped (Envoy refusing the
 * endpoint's policy, authentication).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../analysis/model.js';
import type { Identity } from '../cluster/index.js';
import { PROTO_ICMP, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from '../net/index.js';
import { parseText } from '../policy/yaml-source.js';
import { mulberry32 } from '../../tools/prng.js';
import type { DirectionMap, Row } from './map-state.js';
import { compileTable, tableKey, VerdictTables, type TableRow, type VerdictCode } from './verdict-table.js';

/** The reference: every row that covers (proto, port), by the datapath's precedence. */
function scan(rows: readonly TableRow[], proto: number, port: number, fallback: VerdictCode): VerdictCode {
  let allow = false;
  let redirect = false;
  for (const r of rows) {
    if (r.proto !== 0 && (r.proto !== proto || port < r.from || port > r.to)) continue;
    if (r.deny) return 0;
    allow = true;
    if (r.redirect) redirect = true;
  }
  return allow ? (redirect ? 2 : 1) : fallback;
}

const PROTOS = [PROTO_TCP, PROTO_UDP, PROTO_SCTP, PROTO_ICMP];

describe('verdict tables', () => {
  it('a deny wins over every allow it overlaps, whatever the order', () => {
    const t = new VerdictTables();
    const rows: TableRow[] = [
      { proto: PROTO_TCP, from: 80, to: 80, deny: false, redirect: true },
      { proto: PROTO_TCP, from: 0, to: 65535, deny: true, redirect: false },
    ];
    const id = t.intern(rows, 1);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 80)), 0);
    assert.equal(t.code(id, tableKey(PROTO_UDP, 80)), 1);
  });

  it('an allow is redirected when any covering allow carries a proxy', () => {
    const t = new VerdictTables();
    const id = t.intern([
      { proto: PROTO_TCP, from: 1, to: 65535, deny: false, redirect: false },
      { proto: PROTO_TCP, from: 8000, to: 8080, deny: false, redirect: true },
    ], 0);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 7999)), 1);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 8000)), 2);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 8080)), 2);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 8081)), 1);
    assert.equal(t.code(id, tableKey(PROTO_TCP, 0)), 0);
    assert.equal(t.code(id, tableKey(PROTO_UDP, 8000)), 0);
  });

  it('rows of every protocol (proto 0) cover every key; the last port of a protocol is its own', () => {
    assert.deepEqual(compileTable([{ proto: 0, from: 0, to: 65535, deny: false, redirect: false }], 0), { starts: [0], codes: [1] });
    const { starts, codes } = compileTable([{ proto: PROTO_UDP, from: 65535, to: 65535, deny: false, redirect: false }], 0);
    assert.deepEqual(starts, [0, tableKey(PROTO_UDP, 65535), tableKey(PROTO_UDP + 1, 0)]);
    assert.deepEqual(codes, [0, 1, 0]);
  });

  it('equal answers share one table; adjacent equal intervals are merged', () => {
    const t = new VerdictTables();
    const a = t.intern([{ proto: PROTO_TCP, from: 80, to: 89, deny: false, redirect: false }, { proto: PROTO_TCP, from: 90, to: 99, deny: false, redirect: false }], 0);
    const b = t.intern([{ proto: PROTO_TCP, from: 80, to: 99, deny: false, redirect: false }], 0);
    assert.equal(a, b);
    assert.equal(t.size, 1);
  });

  it('agrees with a scan of the rows on random rows and keys (20,000 lookups)', () => {
    const r = mulberry32(7);
    const t = new VerdictTables();
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const rows: TableRow[] = [];
      const n = r() % 12;
      for (let i = 0; i < n; i++) {
        const proto = r() % 15 === 0 ? 0 : PROTOS[r() % PROTOS.length]!;
        // small ports so ranges overlap often, plus the edges of the port space
        const from = r() % 5 === 0 ? 0 : r() % 5 === 0 ? 65535 : r() % 200;
        const to = r() % 4 === 0 ? 65535 : Math.min(65535, from + (r() % 50));
        rows.push({ proto, from, to, deny: r() % 5 === 0, redirect: r() % 3 === 0 });
      }
      const fallback = (r() % 2) as VerdictCode;
      const id = t.intern(rows, fallback);
      for (let q = 0; q < 100; q++) {
        const proto = r() % 10 === 0 ? 47 : PROTOS[r() % PROTOS.length]!;
        const port = r() % 10 === 0 ? 65535 : r() % 10 === 0 ? 0 : r() % 260;
        assert.equal(t.code(id, tableKey(proto, port)), scan(rows, proto, port, fallback), `round ${round}: ${JSON.stringify(rows)} at ${proto}/${port}`);
        checked++;
      }
    }
    assert.equal(checked, 20_000);
  });
});

/** A random cluster: pods with a few labels in two namespaces, random CNPs (allow, deny, L7, named ports, ranges, CIDR, entities). */
function randomCluster(seed: number): string {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[r() % xs.length]!;
  const apps = ['a', 'b', 'c', 'd', 'e'];
  const docs: string[] = [];
  let ip = 1;
  for (const ns of ['n1', 'n2']) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: ${ns === 'n1' ? 'x' : 'y'}}}`);
    for (const app of apps) {
      for (const tier of ['front', 'back']) {
        if (r() % 3 === 0) continue;
        // named ports differ per pod group, so egress named ports resolve per destination
        const port = 8000 + (r() % 3);
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: {name: ${app}-${tier}, namespace: ${ns}, labels: {app: ${app}, tier: ${tier}}}\n` +
            `spec: {containers: [{name: c, ports: [{name: http, containerPort: ${port}}, {name: dns, containerPort: 53, protocol: UDP}]}]}\nstatus: {podIP: 10.0.0.${ip++}}`,
        );
      }
    }
  }
  const selector = () => (r() % 4 === 0 ? '{}' : r() % 2 === 0 ? `{matchLabels: {app: ${pick(apps)}}}` : `{matchLabels: {tier: ${pick(['front', 'back'])}}}`);
  const peer = (dir: 'from' | 'to') => {
    switch (r() % 6) {
      case 0: return `${dir}Entities: [${pick(['world', 'cluster', 'host', 'all'])}]`;
      case 1: return `${dir}CIDR: ["${pick(['10.0.0.0/8', '192.0.2.0/24', '0.0.0.0/0'])}"]`;
      case 2: return `${dir}Endpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: ${pick(['n1', 'n2'])}}}]`;
      default: return `${dir}Endpoints: [${selector()}${r() % 3 === 0 ? `, ${selector()}` : ''}]`;
    }
  };
  const ports = (l7: boolean) => {
    const list: string[] = [];
    const n = 1 + (r() % 3);
    for (let i = 0; i < n; i++) {
      // L7 rules apply to TCP ports only
      const k = l7 ? 3 + (r() % 2) : r() % 5;
      if (k === 0) list.push(`{port: "http", protocol: TCP}`);
      else if (k === 1) list.push(`{port: "${1000 + (r() % 20)}", endPort: ${1010 + (r() % 40)}, protocol: ${pick(['TCP', 'UDP'])}}`);
      else if (k === 2) list.push(`{port: "${pick(['53', '80', '443', '8000', '8001'])}", protocol: ANY}`);
      else list.push(`{port: "${pick(['80', '443', '8000', '8001', '8002', '5432'])}", protocol: TCP}`);
    }
    const rules = l7 ? `, rules: {http: [{method: GET}]}` : '';
    return `toPorts: [{ports: [${list.join(', ')}]${rules}}]`;
  };
  for (let i = 0; i < 8; i++) {
    const ns = pick(['n1', 'n2']);
    const sections: string[] = [];
    for (const section of ['ingress', 'egress', 'ingressDeny', 'egressDeny']) {
      if (r() % (section.endsWith('Deny') ? 3 : 2) !== 0) continue;
      const dir = section.startsWith('ingress') ? 'from' : 'to';
      const rules: string[] = [];
      const n = 1 + (r() % 2);
      for (let j = 0; j < n; j++) {
        const l7 = !section.endsWith('Deny') && r() % 4 === 0;
        const withPorts = l7 || r() % 3 !== 0;
        // some allows require mutual authentication (or opt out of a broader one)
        const auth = !section.endsWith('Deny') && r() % 6 === 0 ? `, authentication: {mode: ${pick(['required', 'disabled', 'test-always-fail'])}}` : '';
        rules.push(`    - {${peer(dir)}${withPorts ? `, ${ports(l7)}` : ''}${auth}}`);
      }
      sections.push(`  ${section}:\n${rules.join('\n')}`);
    }
    if (sections.length === 0) continue;
    docs.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p${i}, namespace: ${ns}}\nspec:\n  endpointSelector: ${selector()}\n${sections.join('\n')}`);
  }
  return docs.join('\n---\n');
}

function mapRows(map: DirectionMap, peer: Identity): Row[] {
  return [...map.rowsFor(peer), ...map.wildcardRows];
}

describe('materialized maps (identity classes and verdict tables)', () => {
  it('agree with a scan of the on-demand rows on 60 random clusters, for every subject, peer and many ports', () => {
    let compared = 0;
    const ports: [number, number][] = [];
    for (const proto of [PROTO_TCP, PROTO_UDP]) for (const port of [0, 1, 53, 80, 443, 999, 1000, 1005, 1010, 1049, 1050, 5432, 8000, 8001, 8002, 65535]) ports.push([proto, port]);
    ports.push([PROTO_SCTP, 80], [PROTO_ICMP, 8]);
    for (let seed = 1; seed <= 60; seed++) {
      const text = randomCluster(seed);
      const compiled = buildModel(parseText(text, `random-${seed}.yaml`).objects);
      const onDemand = buildModel(parseText(text, `random-${seed}.yaml`).objects);
      assert.equal(compiled.policies.rejected.length, 0, JSON.stringify(compiled.policies.diagnostics.map((d) => d.message)));
      const universe = compiled.engine.identityUniverse();
      const peersOnDemand = new Map(onDemand.engine.identityUniverse().map((i) => [i.name, i]));
      for (const policy of compiled.engine.compileAll()) {
        const other = onDemand.engine.policyOf(onDemand.cluster.identities.all().find((i) => i.name === policy.identity.name)!);
        for (const direction of ['ingress', 'egress'] as const) {
          const map = policy.direction(direction);
          const reference = other.direction(direction);
          const fallback: VerdictCode = map.policy.defaultDeny || map.policy.conflicts.length > 0 ? 0 : 1;
          for (const peer of universe) {
            const refPeer = peersOnDemand.get(peer.name)!;
            const rows = mapRows(reference, refPeer);
            // the provenance survives the layout: the same rows, in the same order
            assert.deepEqual(mapRows(map, peer).map(describeRow), rows.map(describeRow), `${policy.identity.name} ${direction} ${peer.name}`);
            for (const [proto, port] of ports) {
              // an allow the datapath still drops (authentication, Envoy refusing the policy) is the explained lookup's to say
              const explained = onDemand.engine.lookup(other.identity, direction, refPeer, proto, port);
              const scanned: VerdictCode = !map.policy.enforced ? 1 : map.policy.conflicts.length > 0 ? 0 : scan(rows, proto, port, fallback);
              const expected: VerdictCode = explained.verdict === 'deny' ? 0 : scanned;
              if (explained.verdict === 'allow') assert.notEqual(scanned, 0, `seed ${seed}: the explained lookup allows what the rows deny`);
              assert.equal(map.verdictCode(peer, proto, port), expected, `seed ${seed}: ${policy.identity.name} ${direction} ${peer.name} ${proto}/${port}`);
              compared++;
            }
          }
        }
      }
    }
    assert.ok(compared > 50_000, `compared ${compared}`);
  });

  it('an identity created after materializing gets its rows on demand, and lookups agree', () => {
    const text = randomCluster(3);
    const m = buildModel(parseText(text, 'random.yaml').objects);
    const policies = m.engine.compileAll();
    const late = m.cluster.identities.fromLabels([{ source: 'k8s', key: 'io.kubernetes.pod.namespace', value: 'n1' }, { source: 'k8s', key: 'app', value: 'a' }, { source: 'k8s', key: 'tier', value: 'late' }]);
    for (const p of policies) {
      for (const direction of ['ingress', 'egress'] as const) {
        const map = p.direction(direction);
        const fallback: VerdictCode = map.policy.defaultDeny || map.policy.conflicts.length > 0 ? 0 : 1;
        for (const port of [80, 443, 8000, 1005]) {
          const expected: VerdictCode = !map.policy.enforced ? 1 : map.policy.conflicts.length > 0 ? 0 : scan(mapRows(map, late), PROTO_TCP, port, fallback);
          assert.equal(map.verdictCode(late, PROTO_TCP, port), expected);
        }
      }
    }
  });
});

function describeRow(r: Row): string {
  return `${r.proto}/${r.from}-${r.to} ${r.deny ? 'deny' : 'allow'}${r.redirect ? ' proxy' : ''} ${r.filter.key} ${r.policy.peer.key}`;
}
