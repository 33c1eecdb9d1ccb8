/**
 * Layer 7 matching: Cilium's HTTP rules as Envoy enforces them, and DNS names as the DNS
 * proxy and `toFQDNs` match them. Pure code (no Node APIs): it also runs in a browser.
 * Every regex that comes from a policy goes through RE2 (re2.ts), never JavaScript's RegExp.
 */

export { compileRe2, clearRe2Cache } from './re2.js';
export type { Re2Matcher, Re2CompileResult } from './re2.js';

export {
  normalizeDnsName,
  validateMatchName,
  validateMatchPattern,
  validateDnsSelector,
  checkFqdnCrdValue,
  dnsSelectorToRegex,
  compileDnsSelector,
  goQuote,
  MAX_FQDN_LENGTH,
  FQDN_MATCH_NAME_CRD_PATTERN,
  FQDN_MATCH_PATTERN_CRD_PATTERN,
} from './dns-pattern.js';
export { dnsAnswersFrom, dnsCacheKey } from './dns-pattern.js';
export type { DnsSelectorContext, DnsSelectorSpec, DnsNameMatcher, CompileDnsSelectorOptions } from './dns-pattern.js';

export { normalizeHttpPath } from './http-path.js';
export type { PathNormalization, PathNormalizationOptions } from './http-path.js';

export {
  validateHttpRule,
  compileHttpRule,
  matchHttpRule,
  HttpRuleSet,
  prepareHttpRequest,
  applyHttpHeaderActions,
  describeHttpRule,
  requestAuthority,
  ENVOY_RE2_MAX_PROGRAM_SIZE,
} from './http-rule.js';
export type {
  HttpRuleSpec,
  HttpHeaderMatchSpec,
  HeaderMismatchAction,
  HttpRequest,
  HttpRuleField,
  HttpRuleIssue,
  HttpMismatch,
  HttpHeaderAction,
  HttpMatchResult,
  CompiledHttpRule,
  ValidateHttpRuleOptions,
  MatchHttpRuleOptions,
  PreparedHttpRequest,
} from './http-rule.js';
