import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Cluster, type Identity } from '../cluster/index.js';
import { PolicyEngine } from '../engine/index.js';
import { readWorkspace } from '../io/workspace.js';
import { parseIp, PROTO_ICMP, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from '../net/index.js';
import { loadPolicies } from '../policy/load.js';
import { mulberry32 } from '../../tools/prng.js';
import { compileRuleset, type CompiledRuleset } from './compile.js';
import { buildTopology, type Topology } from './topology.js';

function setup(file: string): { engine: PolicyEngine; topology: Topology; compiled: CompiledRuleset } {
  const ws = readWorkspace([file]);
  const { cluster } = Cluster.build(ws.objects);
  const engine = new PolicyEngine(cluster, loadPolicies(ws.objects, cluster).accepted);
  const topology = buildTopology('t', cluster, ws.objects, new Map(Object.entries(ws.dns)));
  let port = 20000;
  return { engine, topology, compiled: compileRuleset(engine, topology, { dnsProxyPort: () => port++ }) };
}

interface Element {
  readonly key: string[];
  readonly verdict: string;
}

/** The elements of every map of a compiled ruleset, by map name. */
function mapsOf(text: string): Map<string, Element[]> {
  const out = new Map<string, Element[]>();
  for (const m of text.matchAll(/^ {2}(?:map|set) (\S+) \{ type [^;]+;(?: flags interval;)?(?: elements = \{\n([\s\S]*?) \})? \}$/gm)) {
    const elements = (m[2] ?? '').split(',\n').map((line) => line.trim()).filter(Boolean).map((line) => {
      const [key, verdict] = line.split(' : ');
      return { key: key!.split(' . '), verdict: verdict ?? '' };
    });
    out.set(m[1]!, elements);
  }
  return out;
}

function inRange(spec: string, value: number): boolean {
  const [from, to] = spec.split('-').map(Number);
  return value >= from! && value <= (to ?? from)!;
}

const NAMES: Record<number, string> = { [PROTO_TCP]: 'tcp', [PROTO_UDP]: 'udp', [PROTO_SCTP]: 'sctp' };

/** The verdict the compiled maps give a (peer, protocol, port); exactly one element must match. */
function nftVerdict(maps: Map<string, Element[]>, base: string, peer: number, proto: number, port: number): string {
  const matches = proto === PROTO_ICMP
    ? maps.get(`${base}_icmp`)!.filter((e) => Number(e.key[0]) === peer && inRange(e.key[1]!, port))
    : maps.get(base)!.filter((e) => Number(e.key[0]) === peer && e.key[1] === NAMES[proto] && inRange(e.key[2]!, port));
  assert.equal(matches.length, 1, `${base}: ${matches.length} elements for peer ${peer} proto ${proto} port ${port}`);
  return matches[0]!.verdict;
}

function conformanceFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.yaml') ? [p] : [];
  });
  return walk('test/conformance');
}

test('seed: the ruleset holds the ipcache per node, the verdict maps and the proxies', () => {
  const { compiled } = setup('examples/seed/seed-demo.yaml');
  const maps = mapsOf(compiled.text);
  const ipcache0 = new Map(maps.get('ipcache_0')!.map((e) => [e.key[0], e.verdict]));
  const ipcache1 = new Map(maps.get('ipcache_1')!.map((e) => [e.key[0], e.verdict]));
  assert.equal(ipcache0.get('192.168.0.11'), '1', 'node-1 is host on node-1');
  assert.equal(ipcache0.get('192.168.0.12'), '6', 'node-2 is remote-node on node-1');
  assert.equal(ipcache1.get('192.168.0.12'), '1');
  assert.equal(ipcache0.get('142.250.74.36'), '2', 'before any lookup an answer address is plain world');
  assert.equal(nftVerdict(maps, 'egress_257', 258, PROTO_TCP, 80), 'return', 'app1 -> app2 TCP/80');
  assert.equal(nftVerdict(maps, 'egress_257', 258, PROTO_TCP, 90), 'drop');
  assert.equal(nftVerdict(maps, 'egress_257', 256, PROTO_UDP, 53), 'goto redirect_dns', 'app1 DNS goes to the DNS proxy');
  assert.equal(nftVerdict(maps, 'ingress_258', 257, PROTO_TCP, 80), 'goto redirect_http', 'app2 HTTP rules go to the HTTP proxy');
  assert.equal(nftVerdict(maps, 'ingress_258', 1, PROTO_TCP, 80), 'return', 'allow-localhost, not proxied');
  assert.deepEqual(compiled.dnsTargets.map((t) => `${t.protocol} ${t.address}:${t.port}`).sort(), ['tcp 10.0.1.2:53', 'udp 10.0.1.2:53']);
  assert.match(compiled.text, /tproxy ip to 127\.0\.0\.1:15001 meta mark set 0x40000000 accept\n.*\n {4}ct mark & 1 == 1 drop/, 'a drop rule right behind the TPROXY rule');
  assert.match(compiled.text, /redirect to : meta l4proto \. ip daddr \. th dport map @dns_proxy\n.*\n {4}ct mark & 2 == 2 drop/, 'and behind the DNS redirect');
  assert.match(compiled.text, /^table inet membrane\ndelete table inet membrane\ntable inet membrane \{/, 'an atomic replace');
});

test('an address the lab gives a reserved entity maps to that entity in every node\'s ipcache', () => {
  const ws = readWorkspace(['examples/seed/seed-demo.yaml']);
  const { cluster } = Cluster.build(ws.objects);
  const engine = new PolicyEngine(cluster, loadPolicies(ws.objects, cluster).accepted);
  const topology = buildTopology('t', cluster, ws.objects, new Map(), { entityAddresses: new Map([['kube-apiserver', '198.51.100.10']]) });
  const maps = mapsOf(compileRuleset(engine, topology, { dnsProxyPort: () => 20000 }).text);
  for (const n of [0, 1]) assert.equal(maps.get(`ipcache_${n}`)!.find((e) => e.key[0] === '198.51.100.10')!.verdict, '7');
  assert.equal(nftVerdict(maps, 'egress_257', 7, PROTO_TCP, 443), 'drop', 'app1 may not reach the API server');
});

test('every verdict map agrees with the engine\'s lookup (conformance corpus, sampled ports)', () => {
  const random = mulberry32(12);
  let checked = 0;
  for (const file of conformanceFiles()) {
    const { engine, topology, compiled } = setup(file);
    const maps = mapsOf(compiled.text);
    const views = topology.nodes.map((_, n) => new Map(maps.get(`ipcache_${n}`)!.map((e) => [e.key[0]!, Number(e.verdict)])));
    topology.nodes.forEach((node, n) => {
      for (const e of topology.endpoints) {
        for (const a of e.addresses) assert.equal(views[n]!.get(a), engine.ipcache.identityFor(parseIp(a)!, node).id, `${file}: ipcache of ${a} on ${node}`);
      }
    });
    const peers = new Set<number>([2, ...views.flatMap((v) => [...v.values()])]);
    for (const identity of engine.cluster.podIdentities()) {
      for (const direction of ['egress', 'ingress'] as const) {
        const base = `${direction}_${identity.id}`;
        const enforced = engine.policyOf(identity).direction(direction).policy.enforced;
        assert.equal(maps.has(base), enforced && topology.endpoints.some((e) => e.kind === 'pod' && engine.cluster.identityOf(engine.cluster.pod(...(e.key.slice(4).split('/') as [string, string]))!) === identity), `${file}: ${base} exists iff enforced`);
        if (!maps.has(base)) continue;
        for (const peerId of peers) {
          const peer = engine.cluster.identities.get(peerId) as Identity;
          const map = engine.policyOf(identity).direction(direction);
          const edges = [...map.rowsFor(peer), ...map.wildcardRows].flatMap((r) => [r.from - 1, r.from, r.to, r.to + 1]);
          for (const proto of [PROTO_TCP, PROTO_UDP, PROTO_SCTP, PROTO_ICMP]) {
            const max = proto === PROTO_ICMP ? 255 : 65535;
            const ports = [...edges, 0, max, ...Array.from({ length: 4 }, () => Math.floor(random() * (max + 1)))].filter((p) => p >= 0 && p <= max);
            for (const port of ports) {
              const l = engine.lookup(identity, direction, peer, proto, port);
              const got = nftVerdict(maps, base, peerId, proto, port);
              if (l.verdict === 'deny') assert.equal(got, 'drop', `${file}: ${base} peer ${peerId} ${proto}/${port}`);
              else assert.notEqual(got, 'drop', `${file}: ${base} peer ${peerId} ${proto}/${port}`);
              if (got === 'goto redirect_http') assert.ok(l.allowRows.some((r) => r.redirect && r.policy.l7?.kind === 'http'));
              checked++;
            }
          }
        }
      }
    }
  }
  assert.ok(checked > 10_000, `checked ${checked}`);
});

const nftProblem = spawnSync('sh', ['-c', 'command -v nft && command -v unshare'], { stdio: 'ignore' }).status === 0 ? undefined : 'nft or unshare is not installed';

test('nft accepts the compiled rulesets (checked in a throwaway namespace)', { skip: nftProblem }, () => {
  for (const file of ['examples/seed/seed-demo.yaml', ...conformanceFiles().filter((_, i) => i % 9 === 0)]) {
    const { compiled } = setup(file);
    const r = spawnSync('unshare', ['-rn', 'nft', '-c', '-f', '-'], { input: compiled.text, encoding: 'utf8' });
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
  }
});
