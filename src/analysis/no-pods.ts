/** What commands that need pods say when the input has none, and how to add them. */

export const ADD_PODS_HINT =
  'add a cluster dump (kubectl get pods,namespaces,nodes,services,endpointslices -A -o yaml) or the workloads that run them (Deployments, StatefulSets, DaemonSets, Jobs, ...)';

export const NO_PODS_MESSAGE = `the input has no pods: ${ADD_PODS_HINT}`;
