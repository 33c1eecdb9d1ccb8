/**
 * The `pattern`s of the Cilium policy CRDs, checked by hand: the same answers as Go's
 * regexp.MatchString (re2js) gives for them, without compiling an automaton in every process
 * (re2js compiles the seven CRD patterns in about 20 ms before the first policy is checked,
 * and the ICMP one is large). These are fixed patterns of the CRD, not user regexes;
 * crd-patterns.test.ts holds each checker to re2js on edge cases and random strings, and
 * checks that every pattern of the generated CRD schemas has one.
 *
 * Each class in these patterns is ASCII, so a string is scanned per UTF-16 unit: a character
 * outside ASCII (one unit or a surrogate pair) is outside every class either way.
 */

const enum Ch {
  Dash = 0x2d,
  Dot = 0x2e,
  Underscore = 0x5f,
  Star = 0x2a,
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

function isLowerAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a);
}

/** `^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`: a label value (empty, or alphanumeric at both ends). */
function labelValue(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (!isAlnum(s.charCodeAt(0)) || !isAlnum(s.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlnum(c) || c === Ch.Dash || c === Ch.Underscore || c === Ch.Dot)) return false;
  }
  return true;
}

/**
 * `^(6553[0-5]|...|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$`. The alternation is
 * at the top, so the first branch is anchored at the start only: any string that starts with
 * a digit. The second is anchored at the end only: some letter followed, to the end, by
 * `(-?[a-zA-Z0-9])*`, i.e. alphanumerics and dashes where every dash is followed by an
 * alphanumeric (what precedes the letter may be empty).
 */
function portOrName(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (isDigit(s.charCodeAt(0))) return true;
  // the start of the longest suffix of the form (-?[a-zA-Z0-9])*
  let start = n;
  while (start > 0) {
    const c = s.charCodeAt(start - 1);
    if (isAlnum(c)) start--;
    else if (c === Ch.Dash && start < n && isAlnum(s.charCodeAt(start))) start--;
    else break;
  }
  // a letter at i whose rest s[i+1..] lies in that suffix: i >= start - 1
  for (let i = Math.max(start - 1, 0); i < n; i++) if (isLetter(s.charCodeAt(i))) return true;
  return false;
}

/**
 * `^([-a-zA-Z0-9_]+[.]?)+$` and, with `*` among the characters, `^([-a-zA-Z0-9_*]+[.]?)+$`:
 * non-empty, no leading dot, no two dots in a row.
 */
function dnsNameLike(s: string, star: boolean): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === Ch.Dot) return false;
  let previousDot = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === Ch.Dot) {
      if (previousDot) return false;
      previousDot = true;
      continue;
    }
    previousDot = false;
    if (!(isAlnum(c) || c === Ch.Dash || c === Ch.Underscore || (star && c === Ch.Star))) return false;
  }
  return true;
}

/** `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`: an RFC 1123 subdomain. */
function dnsSubdomain(s: string): boolean {
  const n = s.length;
  let labelStart = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && s.charCodeAt(i) !== Ch.Dot) continue;
    // the label s[labelStart, i)
    if (i === labelStart) return false;
    if (!isLowerAlnum(s.charCodeAt(labelStart)) || !isLowerAlnum(s.charCodeAt(i - 1))) return false;
    for (let j = labelStart + 1; j < i - 1; j++) {
      const c = s.charCodeAt(j);
      if (!(isLowerAlnum(c) || c === Ch.Dash)) return false;
    }
    labelStart = i + 1;
  }
  return true;
}

const ICMP_NUMBERS = '^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|';
/** the CRD's ICMP type pattern: numbers 0-255, then the type names (one with a space, one listed twice) */
const ICMP_PATTERN = `${ICMP_NUMBERS}EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$`;
const ICMP_NAME_SET: ReadonlySet<string> = new Set(ICMP_PATTERN.slice(ICMP_NUMBERS.length, -2).split('|'));

/** `^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|...)$`: 0-255 without leading zeros, or a type name. */
function icmpType(s: string): boolean {
  const n = s.length;
  if (n >= 1 && n <= 3 && isDigit(s.charCodeAt(0))) {
    for (let i = 1; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
    return (n === 1 || s.charCodeAt(0) !== 0x30) && Number(s) <= 255;
  }
  return ICMP_NAME_SET.has(s);
}

/**
 * `^\PC*$` (no character of Unicode category C), for printable ASCII only: a string of
 * U+0020-U+007E matches. Anything else is left to RE2 (undefined), whose Unicode tables decide.
 */
function printableAscii(s: string): boolean | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
  }
  return true;
}


/** Pattern text (as in the CRD) -> whether a string matches it; undefined: ask RE2. */
export const CRD_PATTERN_CHECKS: ReadonlyMap<string, (text: string) => boolean | undefined> = new Map<string, (text: string) => boolean | undefined>([
  ['^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$', labelValue],
  ['^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$', portOrName],
  ['^([-a-zA-Z0-9_*]+[.]?)+$', (s) => dnsNameLike(s, true)],
  ['^([-a-zA-Z0-9_]+[.]?)+$', (s) => dnsNameLike(s, false)],
  [ICMP_PATTERN, icmpType],
  ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', dnsSubdomain],
  ['^\\PC*$', printableAscii],
]);
