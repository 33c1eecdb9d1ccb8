/**
 * A generated cluster large enough for the graph's large-cluster drawing (over 150
 * identities): `teams` namespaces of `apps` applications (2 pods each), every namespace
 * default-deny with its own traffic allowed, DNS to kube-system's kube-dns, scraping from
 * monitoring's prometheus, and one connection from team0/svc1 to team1/svc1 on 8080/TCP.
 * team0's svc0 runs as two identities (track=stable and track=canary).
 */

export function teamCluster(teams = 8, apps = 20): string {
  const docs: string[] = [];
  const ns = ['kube-system', 'monitoring', ...Array.from({ length: teams }, (_, t) => `team${t}`)];
  for (const name of ns) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}`);
  docs.push('apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nstatus: {addresses: [{type: InternalIP, address: 192.168.0.11}]}');
  let ip = 10;
  const pod = (name: string, namespace: string, labels: Record<string, string>) => {
    const n = ip++;
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}}\n` +
        `spec: {nodeName: node-1, containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]}\nstatus: {podIP: 10.1.${Math.floor(n / 250)}.${n % 250 + 1}}`,
    );
  };
  pod('coredns-0', 'kube-system', { 'k8s-app': 'kube-dns' });
  pod('coredns-1', 'kube-system', { 'k8s-app': 'kube-dns' });
  pod('prometheus-0', 'monitoring', { app: 'prometheus' });
  for (let t = 0; t < teams; t++) {
    for (let a = 0; a < apps; a++) {
      for (let r = 0; r < 2; r++) {
        const labels: Record<string, string> = { app: `svc${a}` };
        if (t === 0 && a === 0) labels.track = r === 0 ? 'stable' : 'canary';
        pod(`svc${a}-${r}`, `team${t}`, labels);
      }
    }
    docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: team, namespace: team${t}}
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints: [{}]
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: monitoring, app: prometheus}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
  egress:
    - toEndpoints: [{}]
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: UDP}]}]`);
  }
  docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-team1, namespace: team0}
spec:
  endpointSelector: {matchLabels: {app: svc1}}
  egress:
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: team1, app: svc1}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`);
  docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-team0, namespace: team1}
spec:
  endpointSelector: {matchLabels: {app: svc1}}
  ingress:
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: team0, app: svc1}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`);
  return `${docs.join('\n---\n')}\n`;
}
