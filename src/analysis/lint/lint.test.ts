/**
 * Every lint rule on a small inline cluster: a bad case (the finding, with its policy, field
 * path and source line) and a good case (no finding).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../cluster/index.js';
import { parseText } from '../../policy/yaml-source.js';
import { buildModel } from '../model.js';
import { LINT_CHECKS, LINT_RULES, lintModel, type Finding } from './lint.js';

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
---
apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
---
apiVersion: v1
kind: Pod
metadata: {name: coredns-0, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  nodeName: node-1
  containers: [{name: c, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]}]
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client, pod-template-hash: 5d8f9c}}
spec: {nodeName: node-1, containers: [{name: c}]}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: default, labels: {app: server}}
spec:
  nodeName: node-1
  containers:
    - name: c
      ports: [{name: http, containerPort: 8080}]
      readinessProbe: {httpGet: {path: /healthz, port: http}}
status: {podIP: 10.0.1.20}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: default, labels: {app: other}}
spec: {nodeName: node-1, containers: [{name: c}]}
status: {podIP: 10.0.1.30}
---
apiVersion: v1
kind: Pod
metadata: {name: api-0, namespace: prod, labels: {app: api}}
spec: {nodeName: node-1, containers: [{name: c}]}
status: {podIP: 10.0.2.10}
---
apiVersion: v1
kind: Service
metadata: {name: backend, namespace: default}
spec:
  clusterIP: 10.96.0.50
  selector: {app: server}
  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
`;

const DNS_RULE = `    - toEndpoints:
        - matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}
      toPorts:
        - ports: [{port: "53", protocol: ANY}]
          rules:
            dns: [{matchPattern: "*"}]
`;

interface Lint {
  readonly findings: Finding[];
  readonly text: string;
}

function lint(policies: string, rule: string, withCluster = true): Lint {
  const text = `${withCluster ? `${BASE}---\n` : ''}${policies}`;
  const parsed = parseText(text, 'lint.yaml');
  assert.deepEqual(parsed.diagnostics, []);
  const model = buildModel(parsed.objects, { dns: { answers: { 'api.example.com': ['203.0.113.10'] }, mode: 'shared' } });
  return { findings: lintModel(model, { enable: [rule], objects: parsed.objects }), text };
}

/** The 1-based line of the first line containing `needle` at or after the line containing `after`. */
function lineOf(text: string, after: string, needle: string): number {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  assert.ok(start >= 0, `no line with ${after}`);
  const i = lines.findIndex((l, j) => j >= start && l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle} after ${after}`);
  return i + 1;
}

function expectFinding(
  r: Lint,
  want: { id: string; policy: string; path: string; line: [after: string, needle: string]; severity?: string; message?: RegExp },
): Finding {
  const matching = r.findings.filter((f) => f.id === want.id && f.policy.name === want.policy && formatPath(f.path) === want.path);
  assert.equal(matching.length, 1, `expected one ${want.id} on ${want.policy} ${want.path}, got:\n${r.findings.map((f) => `${f.id} ${f.policy.name} ${formatPath(f.path)}: ${f.message}`).join('\n')}`);
  const f = matching[0]!;
  assert.equal(f.location?.file, 'lint.yaml');
  assert.equal(f.location?.line, lineOf(r.text, want.line[0], want.line[1]));
  if (want.severity) assert.equal(f.severity, want.severity);
  if (want.message) assert.match(f.message, want.message);
  assert.ok(f.why.length > 20);
  return f;
}

function expectNone(r: Lint): void {
  assert.deepEqual(r.findings.map((f) => `${f.id} ${f.policy.name} ${formatPath(f.path)}: ${f.message}`), []);
}

describe('lint rule catalogue', () => {
  it('every rule has a check, texts and a unique id', () => {
    const ids = new Set<string>();
    for (const rule of LINT_RULES) {
      assert.ok(!ids.has(rule.id), rule.id);
      ids.add(rule.id);
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(LINT_CHECKS[rule.id], `no check for ${rule.id}`);
      for (const text of [rule.title, rule.summary, rule.why, rule.fix, rule.help]) assert.ok(text.length > 5, rule.id);
    }
    assert.deepEqual(Object.keys(LINT_CHECKS).sort(), [...ids].sort());
  });

  it('findings are sorted by file and line, and --enable/--disable select rules', () => {
    const policies = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: z-client-egress, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toCIDR: [10.0.0.0/8]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: a-web, namespace: default}
spec:
  endpointSelector: {matchLabels: {pod-template-hash: abc}}
  ingress: [{}]
`;
    const parsed = parseText(`${BASE}---\n${policies}`, 'lint.yaml');
    const model = buildModel(parsed.objects);
    const all = lintModel(model, { objects: parsed.objects });
    const lines = all.map((f) => f.location?.line ?? 0);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    assert.ok(all.some((f) => f.id === 'excluded-label-selector'));
    assert.ok(all.some((f) => f.id === 'cidr-matches-cluster-address'));
    const some = lintModel(model, { objects: parsed.objects, disable: ['excluded-label-selector'] });
    assert.ok(!some.some((f) => f.id === 'excluded-label-selector'));
    const only = lintModel(model, { objects: parsed.objects, enable: ['excluded-label-selector'] });
    assert.deepEqual([...new Set(only.map((f) => f.id))], ['excluded-label-selector']);
  });
});

describe('dns-blocked-by-egress', () => {
  const policy = (dns: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-egress, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toEndpoints: [{matchLabels: {app: server}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
${dns}`;

  it('bad: egress default deny without DNS', () => {
    const r = lint(policy(''), 'dns-blocked-by-egress');
    const f = expectFinding(r, {
      id: 'dns-blocked-by-egress', policy: 'client-egress', path: 'spec.egress', line: ['name: client-egress', '    - toEndpoints'], severity: 'warning',
      message: /default\/client \(1 pod\).*UDP\/53 to kube-system\/coredns-0 is not allowed/,
    });
    assert.deepEqual(f.pods, ['default/client']);
    assert.match(f.fix?.yaml ?? '', /k8s:k8s-app: kube-dns/);
    assert.match(f.fix?.yaml ?? '', /matchPattern: "\*"/);
  });

  it('bad: a NetworkPolicy egress isolation gets a NetworkPolicy fix', () => {
    const r = lint(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
`, 'dns-blocked-by-egress');
    const f = expectFinding(r, { id: 'dns-blocked-by-egress', policy: 'deny-egress', path: 'spec.policyTypes', line: ['name: deny-egress', 'policyTypes'] });
    assert.match(f.fix?.yaml ?? '', /namespaceSelector:/);
    assert.match(f.fix?.yaml ?? '', /protocol: UDP/);
  });

  it('good: the same policy with a DNS rule', () => {
    expectNone(lint(policy(DNS_RULE), 'dns-blocked-by-egress'));
  });
});

describe('tofqdns-without-dns-proxy', () => {
  const policy = (dns: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-fqdn, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toFQDNs: [{matchName: api.example.com}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
${dns}`;

  it('bad: DNS allowed at L4 only', () => {
    const l4dns = `    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: UDP}]}]
`;
    const r = lint(policy(l4dns), 'tofqdns-without-dns-proxy');
    const f = expectFinding(r, {
      id: 'tofqdns-without-dns-proxy', policy: 'client-fqdn', path: 'spec.egress[0].toFQDNs[0]', line: ['name: client-fqdn', 'toFQDNs'], severity: 'error',
      message: /allowed at L4 only .*spec\.egress\[1\].*never learns api\.example\.com/,
    });
    assert.match(f.fix?.yaml ?? '', /rules:\n\s+dns:/);
  });

  it('bad: DNS refused by the DNS rules', () => {
    const other = DNS_RULE.replace('matchPattern: "*"', 'matchName: other.example.com');
    const r = lint(policy(other), 'tofqdns-without-dns-proxy');
    const f = expectFinding(r, { id: 'tofqdns-without-dns-proxy', policy: 'client-fqdn', path: 'spec.egress[0].toFQDNs[0]', line: ['name: client-fqdn', 'toFQDNs'], message: /refuses api\.example\.com/ });
    assert.match(f.fix?.yaml ?? '', /matchName: api\.example\.com/);
  });

  it('good: DNS through the proxy', () => {
    expectNone(lint(policy(DNS_RULE), 'tofqdns-without-dns-proxy'));
  });

  it('good: a DNS server pod resolving through another pod of its own identity', () => {
    const coredns = `apiVersion: v1
kind: Pod
metadata: {name: coredns-1, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  nodeName: node-1
  containers: [{name: c, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]}]
status: {podIP: 10.0.0.3}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: coredns-fqdn, namespace: kube-system}
spec:
  endpointSelector: {matchLabels: {k8s-app: kube-dns}}
  egress:
    - toFQDNs: [{matchName: api.example.com}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
`;
    expectNone(lint(coredns, 'tofqdns-without-dns-proxy'));
  });
});

describe('l4-allow-voids-l7', () => {
  const policy = (second: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-l7, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts:
        - ports: [{port: "8080", protocol: TCP}]
          rules:
            http: [{method: GET, path: /public}]
    - fromEndpoints: [{matchLabels: {app: ${second}}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`;

  it('bad: an L4-only allow of the same peer and port', () => {
    const r = lint(policy('client'), 'l4-allow-voids-l7');
    const f = expectFinding(r, {
      id: 'l4-allow-voids-l7', policy: 'server-l7', path: 'spec.ingress[0].toPorts[0].rules', line: ['name: server-l7', 'http:'], severity: 'warning',
      message: /HTTP rules \(GET \/public\) of spec\.ingress\[0\] filter nothing for default\/client on 8080\/TCP: spec\.ingress\[1\] of this policy/,
    });
    // the L4-only rule: the line before its single-line toPorts
    assert.equal(f.related?.[0]?.location?.line, lineOf(r.text, 'name: server-l7', 'toPorts: [{ports') - 1);
    assert.deepEqual(f.related?.map((x) => formatPath(x.path ?? [])), ['spec.ingress[1]']);
  });

  it('good: the L4-only allow is for another peer', () => {
    expectNone(lint(policy('other'), 'l4-allow-voids-l7'));
  });
});

describe('l7-rules-not-enforced', () => {
  const policy = (dd: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-visibility, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
${dd}  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts:
        - ports: [{port: "8080", protocol: TCP}]
          rules:
            http: [{method: GET}]
`;

  it('bad: L7 rules with enableDefaultDeny false only observe', () => {
    const r = lint(policy('  enableDefaultDeny: {ingress: false}\n'), 'l7-rules-not-enforced');
    expectFinding(r, {
      id: 'l7-rules-not-enforced', policy: 'server-visibility', path: 'spec.ingress[0].toPorts[0].rules', line: ['name: server-visibility', 'http:'],
      message: /only observe traffic of default\/server .*enableDefaultDeny\.ingress: false/,
    });
  });

  it('good: the same rules under default deny filter', () => {
    expectNone(lint(policy(''), 'l7-rules-not-enforced'));
  });
});

describe('implicit-default-deny', () => {
  const policy = (extra: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-from-client, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
${extra}  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`;

  it('bad (info): a single allow rule silently isolates the pods', () => {
    const r = lint(policy(''), 'implicit-default-deny');
    const f = expectFinding(r, { id: 'implicit-default-deny', policy: 'server-from-client', path: 'spec.ingress', line: ['name: server-from-client', '    - fromEndpoints'], severity: 'info' });
    assert.match(f.fix?.yaml ?? '', /enableDefaultDeny:\n\s+ingress: false/);
  });

  it('bad (warning): another policy allows a flow the default deny drops', () => {
    const egress = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: other-egress, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: other}}
  enableDefaultDeny: {egress: false}
  egress:
    - toEndpoints: [{matchLabels: {app: server}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`;
    const r = lint(policy('') + egress, 'implicit-default-deny');
    expectFinding(r, {
      id: 'implicit-default-deny', policy: 'server-from-client', path: 'spec.ingress', line: ['name: server-from-client', '    - fromEndpoints'], severity: 'warning',
      message: /default\/other -> 8080\/TCP \(allowed by CiliumNetworkPolicy\/default\/other-egress spec\.egress\[0\]\)/,
    });
  });

  it('good: default deny written explicitly', () => {
    expectNone(lint(policy('  enableDefaultDeny: {ingress: true}\n'), 'implicit-default-deny'));
  });
});

describe('selector-matches-nothing', () => {
  const policy = (peer: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-to-api, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toEndpoints: [{matchLabels: ${peer}}]
`;

  it('bad: a CNP peer without namespace is scoped to the policy namespace', () => {
    const r = lint(policy('{app: api}'), 'selector-matches-nothing');
    const f = expectFinding(r, {
      id: 'selector-matches-nothing', policy: 'client-to-api', path: 'spec.egress[0].toEndpoints[0]', line: ['name: client-to-api', 'toEndpoints'],
      message: /matches no pod in namespace default: pods with these labels exist in prod \(prod\/api-0\), but a CiliumNetworkPolicy peer selector without io\.kubernetes\.pod\.namespace is scoped/,
    });
    assert.match(f.fix?.yaml ?? '', /k8s:io\.kubernetes\.pod\.namespace: prod/);
  });

  it('bad: a subject selector with a typo', () => {
    const r = lint(policy('{app: server}').replace('{app: client}', '{app: clinet}'), 'selector-matches-nothing');
    expectFinding(r, { id: 'selector-matches-nothing', policy: 'client-to-api', path: 'spec.endpointSelector', line: ['name: client-to-api', 'endpointSelector'], message: /Subject selector \{app=clinet\} matches no pod in namespace default/ });
  });

  it('bad: a namespace selector that matches no namespace', () => {
    const r = lint(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-staging, namespace: default}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {env: staging}}}]
`, 'selector-matches-nothing');
    expectFinding(r, { id: 'selector-matches-nothing', policy: 'from-staging', path: 'spec.ingress[0].from[0]', line: ['name: from-staging', 'namespaceSelector'], message: /matches no namespace/ });
  });

  it('good: the namespace is named; silent without pods in the input', () => {
    expectNone(lint(policy('{app: api, k8s:io.kubernetes.pod.namespace: prod}'), 'selector-matches-nothing'));
    expectNone(lint(policy('{app: nothing}'), 'selector-matches-nothing', false));
  });
});

describe('excluded-label-selector', () => {
  const policy = (key: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-from-client-hash, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - fromEndpoints: [{matchLabels: {${key}}}]
`;

  it('bad: a peer selected by pod-template-hash', () => {
    const r = lint(policy('pod-template-hash: 5d8f9c'), 'excluded-label-selector');
    const f = expectFinding(r, {
      id: 'excluded-label-selector', policy: 'server-from-client-hash', path: 'spec.ingress[0].fromEndpoints[0].matchLabels.pod-template-hash', line: ['name: server-from-client-hash', 'pod-template-hash'], severity: 'error',
      message: /pod-template-hash=5d8f9c never matches, so the rule matches no peer\. The pods meant \(default\/client\) share the identity labels app=client/,
    });
    assert.match(f.fix?.yaml ?? '', /matchLabels:\n\s+app: client/);
  });

  it('bad: DoesNotExist on an excluded label always holds', () => {
    const r = lint(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: not-statefulset, namespace: default}
spec:
  endpointSelector:
    matchExpressions: [{key: statefulset.kubernetes.io/pod-name, operator: DoesNotExist}]
  ingress: [{}]
`, 'excluded-label-selector');
    expectFinding(r, { id: 'excluded-label-selector', policy: 'not-statefulset', path: 'spec.endpointSelector.matchExpressions[0]', line: ['name: not-statefulset', 'matchExpressions'], message: /always matches/ });
  });

  it('good: a label that is part of identities', () => {
    expectNone(lint(policy('app: client'), 'excluded-label-selector'));
  });
});

describe('toservices-service-port', () => {
  const policy = (port: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-to-backend, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toServices: [{k8sService: {serviceName: backend, namespace: default}}]
      toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]
`;

  it('bad: the Service port instead of the target port', () => {
    const r = lint(policy('80'), 'toservices-service-port');
    const f = expectFinding(r, {
      id: 'toservices-service-port', policy: 'client-to-backend', path: 'spec.egress[0].toPorts[0].ports[0]', line: ['name: client-to-backend', 'toPorts'],
      message: /Port 80 is the Service port of default\/backend \(80 -> 8080\/TCP\)/,
    });
    assert.match(f.fix?.yaml ?? '', /port: "8080"/);
  });

  it('good: the target port', () => {
    expectNone(lint(policy('8080'), 'toservices-service-port'));
  });
});

describe('cidr-matches-cluster-address', () => {
  const policy = (cidr: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-cidr, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toCIDR: [${cidr}]
`;

  it('bad: a CIDR over pod addresses and a ClusterIP', () => {
    const r = lint(policy('10.0.0.0/8'), 'cidr-matches-cluster-address');
    const f = expectFinding(r, {
      id: 'cidr-matches-cluster-address', policy: 'client-cidr', path: 'spec.egress[0].toCIDR[0]', line: ['name: client-cidr', 'toCIDR'],
      message: /covers pods .*default\/server \(10\.0\.1\.20\).*ClusterIPs of default\/backend \(10\.96\.0\.50\)/,
    });
    assert.match(f.fix?.yaml ?? '', /toServices:/);
  });

  it('good: an outside range', () => {
    expectNone(lint(policy('203.0.113.0/24'), 'cidr-matches-cluster-address'));
  });
});

describe('shadowed-rule', () => {
  const policy = (port: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-ingress, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - fromEndpoints: [{}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]
`;

  it('bad: a rule covered by a broader one', () => {
    const r = lint(policy('8080'), 'shadowed-rule');
    const f = expectFinding(r, {
      id: 'shadowed-rule', policy: 'server-ingress', path: 'spec.ingress[1]', line: ['name: server-ingress', 'app: client'], severity: 'info',
      message: /allows nothing new for default\/server \(1 pod\): everything it allows is also allowed by spec\.ingress\[0\] of this policy/,
    });
    assert.deepEqual(f.related?.map((x) => formatPath(x.path ?? [])), ['spec.ingress[0]']);
  });

  it('good: the narrower rule adds a port', () => {
    expectNone(lint(policy('9090'), 'shadowed-rule'));
  });
});

describe('allow-overridden-by-deny', () => {
  const policy = (denyPort: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-allow-deny, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
  ingressDeny:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "${denyPort}", protocol: TCP}]}]
`;

  it('bad: the deny covers the whole allow', () => {
    const r = lint(policy('8080'), 'allow-overridden-by-deny');
    const f = expectFinding(r, {
      id: 'allow-overridden-by-deny', policy: 'server-allow-deny', path: 'spec.ingress[0]', line: ['name: server-allow-deny', 'fromEndpoints'],
      message: /never takes effect for default\/server \(1 pod\): spec\.ingressDeny\[0\] of this policy denies every peer and port it allows/,
    });
    assert.deepEqual(f.related?.map((x) => formatPath(x.path ?? [])), ['spec.ingressDeny[0]']);
  });

  it('good: the deny is on another port', () => {
    expectNone(lint(policy('9090'), 'allow-overridden-by-deny'));
  });
});

describe('knp-cnp-overlap', () => {
  const knp = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-knp, namespace: default}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: client}}}]
      ports: [{port: 8080}]
---
`;
  const cnp = (subject: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-cnp, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: ${subject}}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: other}}]
`;

  it('bad: the Cilium policy allows what the NetworkPolicy restricts', () => {
    const r = lint(knp + cnp('server'), 'knp-cnp-overlap');
    const f = expectFinding(r, {
      id: 'knp-cnp-overlap', policy: 'server-cnp', path: 'spec.ingress', line: ['name: server-cnp', '    - fromEndpoints'], severity: 'warning',
      message: /selected for ingress by both NetworkPolicy\/default\/server-knp and this policy: the NetworkPolicy allows only spec\.ingress\[0\] .* but spec\.ingress\[0\] \(fromEndpoints: \{app=other\} on every port\) of this policy allows more/,
    });
    assert.equal(f.related?.[0]?.policy?.name, 'server-knp');
  });

  it('good: the policies select different pods', () => {
    expectNone(lint(knp + cnp('other'), 'knp-cnp-overlap'));
  });
});

describe('host-probes-denied', () => {
  const policy = (entity: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-deny, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingressDeny:
    - fromEntities: [${entity}]
`;

  it('bad: a deny of the cluster entity blocks the readiness probe', () => {
    const r = lint(policy('cluster'), 'host-probes-denied');
    expectFinding(r, {
      id: 'host-probes-denied', policy: 'server-deny', path: 'spec.ingressDeny[0]', line: ['name: server-deny', 'fromEntities'], severity: 'error',
      message: /denies the local host \(reserved:host\) .*readinessProbe of default\/server \(c\) on 8080\/TCP fails/,
    });
  });

  it('good: denying world leaves probes alone', () => {
    expectNone(lint(policy('world'), 'host-probes-denied'));
  });
});

describe('policy-rejected', () => {
  const policy = (port: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bad-port, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]
`;

  it('bad: Cilium rejects the policy', () => {
    const r = lint(policy('80-90'), 'policy-rejected');
    expectFinding(r, { id: 'policy-rejected', policy: 'bad-port', path: 'spec.ingress[0].toPorts[0].ports[0].port', line: ['name: bad-port', 'port:'], severity: 'error', message: /rejected and enforces nothing/ });
  });

  it('good: a valid policy', () => {
    expectNone(lint(policy('80'), 'policy-rejected'));
  });
});

describe('envoy-rejects-policy', () => {
  const policy = (endPort: string, path = '/api') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-http, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: "${path}"}]}}]
    - fromEndpoints: [{matchLabels: {app: other}}]
      toPorts:
        - ports: [{port: "9000", endPort: ${endPort}, protocol: TCP}]
`;

  it('bad: an endPort below port on an endpoint with HTTP rules', () => {
    const r = lint(policy('90'), 'envoy-rejects-policy');
    const f = expectFinding(r, {
      id: 'envoy-rejects-policy', policy: 'server-http', path: 'spec.ingress[1].toPorts[0].ports[0].endPort', line: ['name: server-http', 'endPort'], severity: 'error',
      message: /Envoy rejects the network policy of default\/server \(1 pod\): spec\.ingress\[1\]\.toPorts\[0\]\.ports\[0\] endPort 90 < port 9000/,
    });
    assert.match(f.fix?.description ?? '', /endPort to at least 9000/);
  });

  it('bad: an HTTP regex over Envoy\'s program-size limit', () => {
    const r = lint(policy('9100', '/api/v[0-9]+/(users|orders)/[a-z0-9-]{1,64}'), 'envoy-rejects-policy');
    expectFinding(r, { id: 'envoy-rejects-policy', policy: 'server-http', path: 'spec.ingress[0].toPorts[0].rules.http[0].path', line: ['name: server-http', 'rules:'], message: /program size/ });
  });

  it('good: a range in order', () => {
    expectNone(lint(policy('9100'), 'envoy-rejects-policy'));
  });
});
