// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-validators.ts` (after the schemas change).
//
// The fast path of schema validation (validate-schema.ts passesCleanly) for the Cilium policy
// CRDs and NetworkPolicy, one function per distinct schema node: "clean" functions answer
// whether pruning changes nothing and every check passes; "checks only" functions (oneOf/anyOf
// branches, metadata) run the checks without pruning. See tools/gen-crd-validators.ts.

import { networkPolicySchema } from '../knp/schema.js';
import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema } from './crd-schemas.generated.js';
import { runeCount } from './fast-validate.js';
import { hasSetDuplicates } from './list-types.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { pruneChangesNothing } from './prune.js';
import { patternCheck } from './re2-pattern.js';
import { formatCheck } from './string-formats.js';
import { rulesPass } from './validation-rules.js';

const R0 = ["has(self.spec) || has(self.specs)"];
const S1 = new Set(["disabled","required","test-always-fail"]);
const S2 = new Set(["IPv4","IPv6"]);
const P3 = patternCheck("^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$");
const F4 = formatCheck("cidr")!;
const P5 = patternCheck("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
const S6 = new Set(["In","NotIn","Exists","DoesNotExist"]);
const P7 = patternCheck("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
const S8 = new Set(["all","world","cluster","host","init","ingress","unmanaged","remote-node","health","none","kube-apiserver"]);
const P9 = patternCheck("^([-a-zA-Z0-9_]+[.]?)+$");
const P10 = patternCheck("^([-a-zA-Z0-9_*]+[.]?)+$");
const S11 = new Set(["CiliumEnvoyConfig","CiliumClusterwideEnvoyConfig"]);
const P12 = patternCheck("^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$");
const S13 = new Set(["TCP","UDP","SCTP","VRRP","IGMP","GRE","IPIP","IPV6","ESP","AH","ANY"]);
const S14 = new Set(["LOG","ADD","DELETE","REPLACE"]);
const P15 = patternCheck("^\\PC*$");

/** checks only: .apiVersion */
function v1(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    return true;
  }
  return false;
}

/** checks only: .metadata */
function v2(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return true;
  }
  return false;
}

/** checks only: .spec anyOf[0] */
function v4(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "ingress":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "ingress")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec anyOf[1] */
function v5(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "ingressDeny":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "ingressDeny")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec anyOf[2] */
function v6(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "egress":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "egress")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec anyOf[3] */
function v7(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "egressDeny":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "egressDeny")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec oneOf[0] */
function v8(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "endpointSelector":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "endpointSelector")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec oneOf[1] */
function v9(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "nodeSelector":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "nodeSelector")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.description */
function c10(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].authentication.mode */
function c14(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S1.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].authentication */
function c13(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "mode":
          if (x === null || !c14(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "mode")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].icmps[].fields[].family */
function c19(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S2.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** checks only: .spec.egress[].icmps[].fields[].type anyOf[0] */
function v21(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** checks only: .spec.egress[].icmps[].fields[].type anyOf[1] */
function v22(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].icmps[].fields[].type */
function c20(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (!(v21(v) || v22(v))) return false;
  if (typeof v === 'string') {
    if (!P3(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].icmps[].fields[] */
function c18(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "family":
          if (x === null || !c19(x)) return false;
          break;
        case "type":
          if (x === null || !c20(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "family")) return false;
    if (!Object.hasOwn(o, "type")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].icmps[].fields */
function c17(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c18(x)) return false;
    }
    if (v.length > 40) return false;
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].icmps[] */
function c16(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "fields":
          if (x === null || !c17(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].icmps */
function c15(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c16(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDR[] */
function c24(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!F4(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (v[i] === undefined || !pruneChangesNothing(v[i], undefined, false)) return false;
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDR */
function c23(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c24(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** checks only: .spec.egress[].toCIDRSet[] oneOf[0] */
function v27(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "cidr":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "cidr")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec.egress[].toCIDRSet[] oneOf[1] */
function v28(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "cidrGroupRef":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "cidrGroupRef")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec.egress[].toCIDRSet[] oneOf[2] */
function v29(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "cidrGroupSelector":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "cidrGroupSelector")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupRef */
function c30(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length > 253 && runeCount(v) > 253) return false;
    if (!P5(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchExpressions[].operator */
function c34(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S6.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchExpressions[].values */
function c35(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c10(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchExpressions[] */
function c33(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "key":
          if (x === null || !c10(x)) return false;
          break;
        case "operator":
          if (x === null || !c34(x)) return false;
          break;
        case "values":
          if (x === null || !c35(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "key")) return false;
    if (!Object.hasOwn(o, "operator")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchExpressions */
function c32(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c33(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchLabels.* */
function c37(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length > 63 && runeCount(v) > 63) return false;
    if (!P7(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector.matchLabels */
function c36(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      if (!c37(x)) return false;
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[].cidrGroupSelector */
function c31(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "matchExpressions":
          if (x === null || !c32(x)) return false;
          break;
        case "matchLabels":
          if (x === null || !c36(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet[] */
function c26(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if ((v27(v) ? 1 : 0) + (v28(v) ? 1 : 0) + (v29(v) ? 1 : 0) !== 1) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "cidr":
          if (x === null || !c24(x)) return false;
          break;
        case "cidrGroupRef":
          if (x === null || !c30(x)) return false;
          break;
        case "cidrGroupSelector":
          if (x === null || !c31(x)) return false;
          break;
        case "except":
          if (x === null || !c23(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toCIDRSet */
function c25(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c26(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toEndpoints */
function c38(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c31(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toEntities[] */
function c40(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S8.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toEntities */
function c39(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c40(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** checks only: .spec.egress[].toFQDNs[] oneOf[0] */
function v43(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "matchName":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "matchName")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec.egress[].toFQDNs[] oneOf[1] */
function v44(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "matchPattern":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "matchPattern")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toFQDNs[].matchName */
function c45(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length > 255 && runeCount(v) > 255) return false;
    if (!P9(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toFQDNs[].matchPattern */
function c46(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length > 255 && runeCount(v) > 255) return false;
    if (!P10(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toFQDNs[] */
function c42(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if ((v43(v) ? 1 : 0) + (v44(v) ? 1 : 0) !== 1) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "matchName":
          if (x === null || !c45(x)) return false;
          break;
        case "matchPattern":
          if (x === null || !c46(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toFQDNs */
function c41(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c42(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toGroups[].aws.labels */
function c50(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      if (!c10(x)) return false;
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toGroups[].aws.securityGroupsIds */
function c51(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c10(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toGroups[].aws */
function c49(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "labels":
          if (x === null || !c50(x)) return false;
          break;
        case "region":
          if (x === null || !c10(x)) return false;
          break;
        case "securityGroupsIds":
          if (x === null || !c51(x)) return false;
          break;
        case "securityGroupsNames":
          if (x === null || !c51(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toGroups[] */
function c48(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "aws":
          if (x === null || !c49(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toGroups */
function c47(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c48(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].listener.envoyConfig.kind */
function c56(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S11.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].listener.envoyConfig.name */
function c57(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length < 2 && runeCount(v) < 1) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].listener.envoyConfig */
function c55(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "kind":
          if (x === null || !c56(x)) return false;
          break;
        case "name":
          if (x === null || !c57(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "name")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].listener.priority */
function c58(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      if (v < 1) return false;
      if (v > 100) return false;
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].listener */
function c54(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "envoyConfig":
          if (x === null || !c55(x)) return false;
          break;
        case "name":
          if (x === null || !c57(x)) return false;
          break;
        case "priority":
          if (x === null || !c58(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "envoyConfig")) return false;
    if (!Object.hasOwn(o, "name")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].originatingTLS.secret */
function c60(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "name":
          if (x === null || !c10(x)) return false;
          break;
        case "namespace":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "name")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].originatingTLS */
function c59(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "certificate":
          if (x === null || !c10(x)) return false;
          break;
        case "privateKey":
          if (x === null || !c10(x)) return false;
          break;
        case "secret":
          if (x === null || !c60(x)) return false;
          break;
        case "trustedCA":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "secret")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].ports[].endPort */
function c63(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      if (v < 0) return false;
      if (v > 65535) return false;
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].ports[].port */
function c64(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!P12(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].ports[].protocol */
function c65(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S13.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].ports[] */
function c62(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "endPort":
          if (x === null || !c63(x)) return false;
          break;
        case "port":
          if (x === null || !c64(x)) return false;
          break;
        case "protocol":
          if (x === null || !c65(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].ports */
function c61(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c62(x)) return false;
    }
    if (v.length > 40) return false;
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** checks only: .spec.egress[].toPorts[].rules oneOf[0] */
function v67(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "http":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "http")) return false;
    return true;
  }
  return false;
}

/** checks only: .spec.egress[].toPorts[].rules oneOf[1] */
function v68(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      switch (k) {
        case "dns":
          if (!v1(x)) return false;
          break;
        default:
      }
    }
    if (!Object.hasOwn(o, "dns")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http[].headerMatches[].mismatch */
function c73(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (!S14.has(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http[].headerMatches[] */
function c72(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "mismatch":
          if (x === null || !c73(x)) return false;
          break;
        case "name":
          if (x === null || !c57(x)) return false;
          break;
        case "secret":
          if (x === null || !c60(x)) return false;
          break;
        case "value":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "name")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http[].headerMatches */
function c71(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c72(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http[].host */
function c74(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http[] */
function c70(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "headerMatches":
          if (x === null || !c71(x)) return false;
          break;
        case "headers":
          if (x === null || !c51(x)) return false;
          break;
        case "host":
          if (x === null || !c74(x)) return false;
          break;
        case "method":
          if (x === null || !c10(x)) return false;
          break;
        case "path":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules.http */
function c69(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c70(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].rules */
function c66(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if ((v67(v) ? 1 : 0) + (v68(v) ? 1 : 0) !== 1) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "dns":
          if (x === null || !c41(x)) return false;
          break;
        case "http":
          if (x === null || !c69(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[].serverNames */
function c75(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c46(x)) return false;
    }
    if (v.length < 1) return false;
    if (hasSetDuplicates(v)) return false;
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toPorts[] */
function c53(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "listener":
          if (x === null || !c54(x)) return false;
          break;
        case "originatingTLS":
          if (x === null || !c59(x)) return false;
          break;
        case "ports":
          if (x === null || !c61(x)) return false;
          break;
        case "rules":
          if (x === null || !c66(x)) return false;
          break;
        case "serverNames":
          if (x === null || !c75(x)) return false;
          break;
        case "terminatingTLS":
          if (x === null || !c59(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toPorts */
function c52(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c53(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toRequires */
function c76(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c10(x)) return false;
    }
    if (v.length > 0) return false;
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[].toServices[].k8sService */
function c79(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "namespace":
          if (x === null || !c10(x)) return false;
          break;
        case "serviceName":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toServices[].k8sServiceSelector */
function c80(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "namespace":
          if (x === null || !c10(x)) return false;
          break;
        case "selector":
          if (x === null || !c31(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "selector")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toServices[] */
function c78(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "k8sService":
          if (x === null || !c79(x)) return false;
          break;
        case "k8sServiceSelector":
          if (x === null || !c80(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress[].toServices */
function c77(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c78(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[] */
function c12(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "authentication":
          if (x === null || !c13(x)) return false;
          break;
        case "icmps":
          if (x === null || !c15(x)) return false;
          break;
        case "toCIDR":
          if (x === null || !c23(x)) return false;
          break;
        case "toCIDRSet":
          if (x === null || !c25(x)) return false;
          break;
        case "toEndpoints":
          if (x === null || !c38(x)) return false;
          break;
        case "toEntities":
          if (x === null || !c39(x)) return false;
          break;
        case "toFQDNs":
          if (x === null || !c41(x)) return false;
          break;
        case "toGroups":
          if (x === null || !c47(x)) return false;
          break;
        case "toNodes":
          if (x === null || !c38(x)) return false;
          break;
        case "toPorts":
          if (x === null || !c52(x)) return false;
          break;
        case "toRequires":
          if (x === null || !c76(x)) return false;
          break;
        case "toServices":
          if (x === null || !c77(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress */
function c11(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c12(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egressDeny[].toPorts[].ports */
function c85(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c62(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egressDeny[].toPorts[] */
function c84(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "ports":
          if (x === null || !c85(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egressDeny[].toPorts */
function c83(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c84(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egressDeny[] */
function c82(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "icmps":
          if (x === null || !c15(x)) return false;
          break;
        case "toCIDR":
          if (x === null || !c23(x)) return false;
          break;
        case "toCIDRSet":
          if (x === null || !c25(x)) return false;
          break;
        case "toEndpoints":
          if (x === null || !c38(x)) return false;
          break;
        case "toEntities":
          if (x === null || !c39(x)) return false;
          break;
        case "toGroups":
          if (x === null || !c47(x)) return false;
          break;
        case "toNodes":
          if (x === null || !c38(x)) return false;
          break;
        case "toPorts":
          if (x === null || !c83(x)) return false;
          break;
        case "toRequires":
          if (x === null || !c76(x)) return false;
          break;
        case "toServices":
          if (x === null || !c77(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egressDeny */
function c81(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c82(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.enableDefaultDeny.egress */
function c87(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.enableDefaultDeny */
function c86(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "egress":
          if (x === null || !c87(x)) return false;
          break;
        case "ingress":
          if (x === null || !c87(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress[] */
function c89(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "authentication":
          if (x === null || !c13(x)) return false;
          break;
        case "fromCIDR":
          if (x === null || !c23(x)) return false;
          break;
        case "fromCIDRSet":
          if (x === null || !c25(x)) return false;
          break;
        case "fromEndpoints":
          if (x === null || !c38(x)) return false;
          break;
        case "fromEntities":
          if (x === null || !c39(x)) return false;
          break;
        case "fromGroups":
          if (x === null || !c47(x)) return false;
          break;
        case "fromNodes":
          if (x === null || !c38(x)) return false;
          break;
        case "fromRequires":
          if (x === null || !c76(x)) return false;
          break;
        case "icmps":
          if (x === null || !c15(x)) return false;
          break;
        case "toPorts":
          if (x === null || !c52(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress */
function c88(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c89(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.ingressDeny[] */
function c91(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "fromCIDR":
          if (x === null || !c23(x)) return false;
          break;
        case "fromCIDRSet":
          if (x === null || !c25(x)) return false;
          break;
        case "fromEndpoints":
          if (x === null || !c38(x)) return false;
          break;
        case "fromEntities":
          if (x === null || !c39(x)) return false;
          break;
        case "fromGroups":
          if (x === null || !c47(x)) return false;
          break;
        case "fromNodes":
          if (x === null || !c38(x)) return false;
          break;
        case "fromRequires":
          if (x === null || !c76(x)) return false;
          break;
        case "icmps":
          if (x === null || !c15(x)) return false;
          break;
        case "toPorts":
          if (x === null || !c83(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingressDeny */
function c90(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c91(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.labels[] */
function c93(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "key":
          if (x === null || !c10(x)) return false;
          break;
        case "source":
          if (x === null || !c10(x)) return false;
          break;
        case "value":
          if (x === null || !c10(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "key")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.labels */
function c92(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c93(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.log.value */
function c95(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    if (v.length > 32 && runeCount(v) > 32) return false;
    if (!P15(v)) return false;
    return true;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.log */
function c94(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "value":
          if (x === null || !c95(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec */
function c3(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (!(v4(v) || v5(v) || v6(v) || v7(v))) return false;
  if ((v8(v) ? 1 : 0) + (v9(v) ? 1 : 0) !== 1) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "description":
          if (x === null || !c10(x)) return false;
          break;
        case "egress":
          if (x === null || !c11(x)) return false;
          break;
        case "egressDeny":
          if (x === null || !c81(x)) return false;
          break;
        case "enableDefaultDeny":
          if (x === null || !c86(x)) return false;
          break;
        case "endpointSelector":
          if (x === null || !c31(x)) return false;
          break;
        case "ingress":
          if (x === null || !c88(x)) return false;
          break;
        case "ingressDeny":
          if (x === null || !c90(x)) return false;
          break;
        case "labels":
          if (x === null || !c92(x)) return false;
          break;
        case "log":
          if (x === null || !c94(x)) return false;
          break;
        case "nodeSelector":
          if (x === null || !c31(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .specs */
function c96(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c3(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .status */
function c97(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    return true;
  }
  if (typeof v === 'boolean') {
    return true;
  }
  if (Array.isArray(v)) {
    return true;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      
    }
    return true;
  }
  return false;
}

/** the resource: (root) */
function root0(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (!rulesPass(v, R0)) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "apiVersion":
          if (!v1(x)) return false;
          break;
        case "kind":
          if (!v1(x)) return false;
          break;
        case "metadata":
          if (!v2(x)) return false;
          break;
        case "spec":
          if (x === null || !c3(x)) return false;
          break;
        case "specs":
          if (x === null || !c96(x)) return false;
          break;
        case "status":
          if (x === null || !c97(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "metadata")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.podSelector.matchLabels */
function c101(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      if (!c10(x)) return false;
    }
    return true;
  }
  return false;
}

/** clean: .spec.podSelector.matchExpressions[].values */
function c104(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c10(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.podSelector.matchExpressions[] */
function c103(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "key":
          if (x === null || !c10(x)) return false;
          break;
        case "operator":
          if (x === null || !c10(x)) return false;
          break;
        case "values":
          if (x === null || !c104(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "key")) return false;
    if (!Object.hasOwn(o, "operator")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.podSelector.matchExpressions */
function c102(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c103(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.podSelector */
function c100(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "matchLabels":
          if (x === null || !c101(x)) return false;
          break;
        case "matchExpressions":
          if (x === null || !c102(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress[].from[].ipBlock */
function c109(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "cidr":
          if (x === null || !c10(x)) return false;
          break;
        case "except":
          if (x === null || !c104(x)) return false;
          break;
        default:
          return false;
      }
    }
    if (!Object.hasOwn(o, "cidr")) return false;
    return true;
  }
  return false;
}

/** clean: .spec.ingress[].from[] */
function c108(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "podSelector":
          if (x === null || !c100(x)) return false;
          break;
        case "namespaceSelector":
          if (x === null || !c100(x)) return false;
          break;
        case "ipBlock":
          if (x === null || !c109(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress[].from */
function c107(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c108(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.ingress[].ports[].port */
function c112(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return true;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.ingress[].ports[].endPort */
function c113(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
    } else {
      return false;
    }
    return true;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.ingress[].ports[] */
function c111(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "protocol":
          if (x === null || !c10(x)) return false;
          break;
        case "port":
          if (x === null || !c112(x)) return false;
          break;
        case "endPort":
          if (x === null || !c113(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress[].ports */
function c110(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c111(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.ingress[] */
function c106(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "from":
          if (x === null || !c107(x)) return false;
          break;
        case "ports":
          if (x === null || !c110(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.ingress */
function c105(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c106(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec.egress[] */
function c115(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "to":
          if (x === null || !c107(x)) return false;
          break;
        case "ports":
          if (x === null || !c110(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** clean: .spec.egress */
function c114(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === undefined || !c115(x)) return false;
    }
    return true;
  }
  if (typeof v === 'object') {
    return false;
  }
  return false;
}

/** clean: .spec */
function c99(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "podSelector":
          if (x === null || !c100(x)) return false;
          break;
        case "policyTypes":
          if (x === null || !c104(x)) return false;
          break;
        case "ingress":
          if (x === null || !c105(x)) return false;
          break;
        case "egress":
          if (x === null || !c114(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** the resource: (root) */
function root98(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') {
    return false;
  }
  if (typeof v === 'number') {
    return false;
  }
  if (typeof v === 'boolean') {
    return false;
  }
  if (Array.isArray(v)) {
    return false;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x === undefined) return false;
      switch (k) {
        case "apiVersion":
          if (!v1(x)) return false;
          break;
        case "kind":
          if (!v1(x)) return false;
          break;
        case "metadata":
          if (!v2(x)) return false;
          break;
        case "spec":
          if (x === null || !c99(x)) return false;
          break;
        case "status":
          if (x === null || !c97(x)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }
  return false;
}

/** The generated check of each resource schema (the value at the root, metadata.name aside). */
export const GENERATED_RESOURCE_CHECKS: ReadonlyMap<OpenApiSchema, (value: unknown) => boolean> = new Map([
  [ciliumNetworkPolicySchema, root0],
  [ciliumClusterwideNetworkPolicySchema, root0],
  [networkPolicySchema, root98],
]);
