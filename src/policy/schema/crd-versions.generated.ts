// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-schemas.ts [crd-directory]`.
// The versions the Cilium CRDs serve (spec.versions[].served), from main-1.20.0-dev.

export const CRD_SERVED_VERSIONS = {
  CiliumNetworkPolicy: ["cilium.io/v2"],
  CiliumClusterwideNetworkPolicy: ["cilium.io/v2"],
  CiliumCIDRGroup: ["cilium.io/v2","cilium.io/v2alpha1"],
} as const satisfies Record<string, readonly string[]>;
