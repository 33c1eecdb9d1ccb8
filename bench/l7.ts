/**
 * L7 verdicts per second on a policy with 200 L7 rules on one port: HTTP (method/path
 * regexes, some with headers) and DNS (matchName/matchPattern), evaluated as whole flows
 * through the engine (L3/L4 lookup, then the L7 rule union).
 */

import { buildModel } from '../src/analysis/model.js';
import type { FlowSpec } from '../src/engine/index.js';
import { parseText } from '../src/policy/yaml-source.js';

const RULES = 200;

function manifests(): string {
  const http: string[] = [];
  for (let i = 0; i < RULES; i++) {
    const method = ['GET', 'POST', 'PUT', 'DELETE'][i % 4];
    const extra = i % 10 === 0 ? `, headers: ["X-Tenant: t${i}"]` : '';
    http.push(`{method: ${method}, path: "/api/v1/service-${i}/[a-z0-9]+(/items/[0-9]+)?"${extra}}`);
  }
  const dns: string[] = [];
  for (let i = 0; i < RULES; i++) dns.push(i % 2 === 0 ? `{matchName: "svc-${i}.example.com"}` : `{matchPattern: "*.zone-${i}.example.net"}`);
  return `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: bench, labels: {app: client}}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: bench, labels: {app: api}}
status: {podIP: 10.0.1.2}
---
apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: bench, labels: {app: dns}}
status: {podIP: 10.0.1.3}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-http, namespace: bench}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [${http.join(', ')}]}}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-dns, namespace: bench}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toEndpoints: [{matchLabels: {app: dns}}]
      toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [${dns.join(', ')}]}}]
    - toEndpoints: [{matchLabels: {app: api}}]
`;
}

export interface L7BenchResult {
  /** 1,000 distinct requests, repeated (answers are remembered per rule set) */
  httpPerSecond: number;
  dnsPerSecond: number;
  httpAllowed: number;
  dnsAllowed: number;
  /** the same, by CPU time (a shared VM's wall time includes waiting for a core) */
  httpCpuPerSecond: number;
  dnsCpuPerSecond: number;
  /** every request distinct: the compiled, prefiltered rule set without remembered answers */
  httpDistinctPerSecond: number;
  dnsDistinctPerSecond: number;
}

export function benchL7(iterations = 200_000): L7BenchResult {
  const model = buildModel(parseText(manifests(), 'l7-bench.yaml').objects);
  if (model.policies.rejected.length > 0) throw new Error(JSON.stringify(model.policies.diagnostics));
  const pod = (name: string) => ({ kind: 'pod' as const, pod: model.cluster.pod('bench', name)! });
  const httpFlows: FlowSpec[] = [];
  const dnsFlows: FlowSpec[] = [];
  for (let i = 0; i < 1000; i++) {
    const n = (i * 7919) % (RULES * 2); // half of them match no rule
    httpFlows.push({
      from: pod('client'), to: pod('api'), protocol: 'TCP', port: 80,
      http: { method: ['GET', 'POST', 'PUT', 'DELETE'][n % 4]!, path: `/api/v1/service-${n}/abc${i}/items/${i}`, headers: { 'X-Tenant': `t${n}` } },
    });
    const m = (i * 104729) % (RULES * 2);
    dnsFlows.push({ from: pod('client'), to: pod('dns'), protocol: 'UDP', port: 53, dns: { query: m % 2 === 0 ? `svc-${m}.example.com` : `host${i}.zone-${m}.example.net` } });
  }
  const run = (flows: FlowSpec[]) => {
    let allowed = 0;
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < iterations; i++) if (model.engine.evaluate(flows[i % flows.length]!).verdict === 'allow') allowed++;
    const used = process.cpuUsage(cpu);
    return {
      perSecond: Math.round(iterations / ((performance.now() - start) / 1000)),
      cpuPerSecond: Math.round(iterations / ((used.user + used.system) / 1e6)),
      allowed,
    };
  };
  run(httpFlows.slice(0, 50)); // warm up
  const http = run(httpFlows);
  const dns = run(dnsFlows);
  // the same shapes, every request new (different item numbers and host names)
  const distinct = Math.min(iterations, 100_000);
  const distinctHttp: FlowSpec[] = [];
  const distinctDns: FlowSpec[] = [];
  for (let i = 0; i < distinct; i++) {
    const base = httpFlows[i % httpFlows.length]!;
    distinctHttp.push({ ...base, http: { ...base.http!, path: `${base.http!.path}${i}` } });
    const d = dnsFlows[i % dnsFlows.length]!;
    distinctDns.push({ ...d, dns: { query: `n${i}-${d.dns!.query}` } });
  }
  const runOnce = (flows: FlowSpec[]) => {
    const start = performance.now();
    for (const f of flows) model.engine.evaluate(f);
    return Math.round(flows.length / ((performance.now() - start) / 1000));
  };
  return {
    httpPerSecond: http.perSecond,
    dnsPerSecond: dns.perSecond,
    httpAllowed: http.allowed,
    dnsAllowed: dns.allowed,
    httpCpuPerSecond: http.cpuPerSecond,
    dnsCpuPerSecond: dns.cpuPerSecond,
    httpDistinctPerSecond: runOnce(distinctHttp),
    dnsDistinctPerSecond: runOnce(distinctDns),
  };
}
