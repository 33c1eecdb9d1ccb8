/**
 * Hubble JSON lines decoded by their shape, without JSON.parse on the common path.
 *
 * Lines of a recording repeat: the records of one connection side differ only in their times,
 * uuid, addresses, ports (an L7 record's latency too) and the endpoints they name, and the
 * endpoints repeat too. A line is
 * cut into *spans* (those values, found at the places Hubble writes them) and *pieces* (the
 * text between them). A line whose pieces equal those of a line decoded before has the same
 * shape: its record is that line's record with this line's span values. Each shape is
 * decoded once, with JSON.parse and `toObservedFlow`, exactly as the parsed path; endpoint
 * objects (`"source":{...}`) are spans of their own, decoded once per distinct text.
 *
 * Why the answer is exactly the parsed path's (docs/replay.md, "Speed"; the differential test
 * in hubble-line.test.ts runs both on every record):
 *   - A shape is made only from a line without backslashes, so its pieces hold no escape and
 *     every quote in them is a string boundary. It is decoded from its text with each span
 *     replaced by a sentinel (a string with a control character, which no unescaped JSON text
 *     holds; a number no Hubble field uses; an object with a control-character key). The
 *     shape is kept only if the sentinels land, whole, in the record fields they stand for
 *     (time, addresses, ports, endpoints) and nowhere else. A sentinel string between two
 *     quotes can only parse as a whole string value, so the span is a whole JSON value.
 *   - A line matches a shape when every piece is equal (compared, not hashed; the hash only
 *     finds candidates) and every span holds a value of its kind: strings of letters, digits
 *     and `-:.+_` (no quote, backslash or control character); integers as JSON writes them;
 *     endpoint objects whose exact text JSON.parse accepted before. Such a line is valid JSON
 *     and parses to the shape's tree with its own values in place.
 *   - `toObservedFlow` reads these keys only to pass their value through (`time`, `IP.source`,
 *     `IP.destination`, `source_port`, `destination_port`, the endpoint's `identity`) or to
 *     read an endpoint object, and relevance never looks at them: the record is the shape's
 *     with the values put in.
 * Lines that fit no shape (a backslash, a JSON array, text JSON.parse refuses) are left to the
 * caller, which parses them (and reports the malformed ones).
 *
 * Memory is bounded: at most MAX_SHAPES shapes, MAX_ENDPOINTS endpoint texts and
 * MAX_ADDRESSES addresses, each table forgotten at once when full (a recording of ever-new
 * shapes costs a parse each, as without this).
 */

import {
  flowOfRecord,
  policyRelevance,
  toObservedFlow,
  type ObservedEndpoint,
  type ObservedFlow,
  type Relevance,
  type RelevanceOptions,
  type SKIP_REASONS,
} from './hubble-flow.js';

/** A flow replay skips, and why (`policyRelevance`); its time is all replay counts of it. */
export class SkippedFlow {
  constructor(readonly relevance: (typeof SKIP_REASONS)[number], readonly time: string | undefined) {}
}

/** A flow replay judges (a decision) or learns from (a DNS response), with its relevance. */
export class DecodedFlow {
  constructor(readonly flow: ObservedFlow, readonly relevance: Relevance) {}
}

/** A record that is not a flow (`node_status`, `lost_events`, ...). */
export class NonFlowRecord {}
export const NON_FLOW_RECORD = new NonFlowRecord();

/** What a line is: a flow replay skips (and why), a flow to judge, or a record that is not a flow. */
export type DecodedLine = SkippedFlow | DecodedFlow | NonFlowRecord;

const enum Span {
  /** a string value of letters, digits and -:.+_ */
  Token = 1,
  /** a non-negative integer as JSON writes it */
  Uint = 2,
  /** an endpoint object */
  Endpoint = 3,
}

/**
 * Pieces the scanner checked at a known place are compared by id, not by text: a free piece
 * (its text is compared), and the constant ones, each exactly the text in its comment.
 */
const PIECE_FREE = 0;
/** `{"flow":{"time":"` */
const PIECE_FLOW_TIME = 1;
/** `","uuid":"` */
const PIECE_UUID = 2;
/** `","destination":"` */
const PIECE_IP_DESTINATION = 3;
/** `,"destination_port":` */
const PIECE_DESTINATION_PORT = 4;
/** `,"destination":` */
const PIECE_DESTINATION_ENDPOINT = 5;

const MAX_SPANS = 12;
const MAX_TOKEN = 64;
/** digits of an integer span: below 2^53, so Number() gives what JSON.parse gives */
const MAX_UINT_DIGITS = 15;
const MAX_SHAPES = 4096;
const MAX_ENDPOINTS = 65_536;
const MAX_ADDRESSES = 100_000;
/** endpoint texts of the last lines, compared before the table is asked */
const RECENT_ENDPOINTS = 4;
/** shapes with one hash kept at most (others are decoded as new shapes) */
const MAX_CHAIN = 32;
const HASH_TAIL = 24;
const HASH_STRIDE = 16;

/** sentinel numbers: integers no Hubble field of a record holds (a clash only costs the shape) */
const UINT_SENTINEL = 987_654_300;
const UINT_SENTINEL_TEXT = '9876543';
const CONTROL = '\u0001';

/** characters of token spans: 0-9 A-Z a-z - . : + _ (no quote, backslash or control character) */
const TOKEN_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  TOKEN_CHARS[c] = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 43 || c === 95 ? 1 : 0;
}

/** End of a token span starting at `from` (a quote must follow it); -1 when there is none. */
function tokenEnd(line: string, from: number): number {
  const limit = Math.min(line.length, from + MAX_TOKEN + 1);
  let i = from;
  while (i < limit && TOKEN_CHARS[line.charCodeAt(i)] === 1) i++;
  return i > from && i < line.length && line.charCodeAt(i) === 34 ? i : -1;
}

/** Whether `pattern` is at `at` in `line` (a loop: startsWith with a position is slower in V8). */
function matchAt(line: string, at: number, pattern: string): boolean {
  if (at < 0 || at + pattern.length > line.length) return false;
  for (let i = 0; i < pattern.length; i++) if (line.charCodeAt(at + i) !== pattern.charCodeAt(i)) return false;
  return true;
}

/** below this length a piece is compared in a loop; above, as a slice (one call, ~150 ns, whatever the length) */
const LOOP_COMPARE = 64;

/** Whether line[from, from + piece.length) is `piece`. */
function sameText(line: string, from: number, piece: string): boolean {
  return piece.length <= LOOP_COMPARE ? matchAt(line, from, piece) : line.slice(from, from + piece.length) === piece;
}

/** End of an integer span starting at `from`; -1 when there is none (or it is not JSON's form). */
function uintEnd(line: string, from: number): number {
  let i = from;
  let c = line.charCodeAt(i);
  while (c >= 48 && c <= 57) c = line.charCodeAt(++i);
  const digits = i - from;
  if (digits === 0 || digits > MAX_UINT_DIGITS) return -1;
  if (digits > 1 && line.charCodeAt(from) === 48) return -1;
  // a fraction or exponent would continue the number
  if (c === 46 || c === 101 || c === 69) return -1;
  return i;
}

/**
 * End (after the closing brace) of the object starting at `from`, counting braces only: the
 * extent is a guess, never trusted (the text must parse on its own to be an endpoint).
 */
function objectEnd(line: string, from: number): number {
  let depth = 1;
  let pos = from + 1;
  let open = line.indexOf('{', pos);
  for (;;) {
    const close = line.indexOf('}', pos);
    if (close === -1) return -1;
    while (open !== -1 && open < close) {
      depth++;
      open = line.indexOf('{', open + 1);
    }
    depth--;
    pos = close + 1;
    if (depth === 0) return pos;
  }
}

/**
 * A hash of text[from, to): its length, every HASH_STRIDE-th character, and every character of its last
 * HASH_TAIL (names and values that tell shapes apart sit at the end of pieces and endpoint
 * texts: node names, pod names). Only finds candidates: matches are compared in full.
 */
function sampleHash(h: number, text: string, from: number, to: number): number {
  h = (Math.imul(h, 31) + (to - from)) | 0;
  const tail = Math.max(from, to - HASH_TAIL);
  for (let i = from; i < tail; i += HASH_STRIDE) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  for (let i = tail; i < to; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

interface EndpointText {
  readonly hash: number;
  next: EndpointText | undefined;
  /** the text before and after the identity number (or the whole text, without one) */
  readonly before: string;
  readonly after: string;
  readonly hasIdentity: boolean;
  /** whether the endpoint's identity is the number in the text (else `data.identity`) */
  readonly identityFromText: boolean;
  readonly data: ObservedEndpoint;
  /** the address last seen with this endpoint (a pod's is always the same): compared before the address table is asked */
  lastAddress: string | undefined;
}

interface Shape {
  readonly hash: number;
  next: Shape | undefined;
  readonly spans: number;
  readonly kinds: Uint8Array;
  /** per piece (spans + 1): a constant piece id, or PIECE_FREE */
  readonly constants: Uint8Array;
  /** per piece: the text of free pieces ('' for constant ones) */
  readonly pieces: readonly string[];
  /** undefined: not a flow */
  readonly flow: ObservedFlow | undefined;
  readonly relevance: Relevance | undefined;
  /** the span each field comes from (-1: the shape's own value) */
  readonly time: number;
  readonly sourceIp: number;
  readonly destinationIp: number;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly sourceEndpoint: number;
  readonly destinationEndpoint: number;
}

export interface HubbleLineDecoderStats {
  /** lines decoded from a known shape */
  hits: number;
  /** lines that made a new shape */
  shapes: number;
  /** lines left to the caller */
  declined: number;
}

/** Decodes Hubble JSON lines by shape (see the module comment). One per replay: it keeps caches. */
export class HubbleLineDecoder {
  private readonly shapes = new Map<number, Shape>();
  private shapeCount = 0;
  private readonly endpoints = new Map<number, EndpointText>();
  private endpointCount = 0;
  private readonly addresses = new Map<string, string>();
  private readonly recentEndpoints: EndpointText[] = [];
  private recentNext = 0;
  readonly stats: HubbleLineDecoderStats = { hits: 0, shapes: 0, declined: 0 };

  // the spans of the line being decoded
  private count = 0;
  private readonly starts = new Int32Array(MAX_SPANS);
  private readonly ends = new Int32Array(MAX_SPANS);
  private readonly kinds = new Uint8Array(MAX_SPANS);
  private readonly constants = new Uint8Array(MAX_SPANS + 1);
  /** the endpoint texts of the line's endpoint spans */
  private readonly endpointTexts: (EndpointText | undefined)[] = new Array<EndpointText | undefined>(MAX_SPANS).fill(undefined);

  private readonly maxShapes: number;
  private readonly maxEndpoints: number;

  /** `limits`: smaller caches (tests) */
  constructor(private readonly options: RelevanceOptions = {}, limits: { readonly shapes?: number; readonly endpoints?: number } = {}) {
    this.maxShapes = limits.shapes ?? MAX_SHAPES;
    this.maxEndpoints = limits.endpoints ?? MAX_ENDPOINTS;
  }

  /** The record of one line (without its newline); undefined: parse it (the line fits no shape). */
  decode(line: string): DecodedLine | undefined {
    if (line.charCodeAt(0) !== 123 /* { */) return this.decline();
    this.scan(line);
    const hash = this.hash(line);
    let shape = this.find(line, hash);
    if (shape && shape !== this.shapes.get(hash)) {
      // the shapes of a hash in order of last use (unused ones fall off the chain's end)
      let prev = this.shapes.get(hash)!;
      while (prev.next !== shape) prev = prev.next!;
      prev.next = shape.next;
      shape.next = this.shapes.get(hash);
      this.shapes.set(hash, shape);
    }
    if (!shape) {
      shape = this.makeShape(line, hash);
      if (!shape) return this.decline();
      this.stats.shapes++;
    } else {
      this.stats.hits++;
    }
    // every endpoint span must be a known endpoint text (a valid JSON object)
    const n = this.count;
    for (let i = 0; i < n; i++) {
      if (this.kinds[i] !== Span.Endpoint) continue;
      const e = this.endpointText(line, this.starts[i]!, this.ends[i]!);
      if (!e) return this.decline();
      this.endpointTexts[i] = e;
    }
    return this.record(shape, line);
  }

  private decline(): undefined {
    this.stats.declined++;
    return undefined;
  }

  // --- spans ------------------------------------------------------------------------------

  private push(kind: Span, start: number, end: number, constant: number): void {
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.constants[i] = constant;
  }

  /**
   * Finds the spans where Hubble writes them (protojson, in the Flow message's field order);
   * any that is absent or not of its kind stays in the pieces.
   */
  private scan(line: string): void {
    this.count = 0;
    let cursor = 0;
    let at: number;
    let end: number;
    if (matchAt(line, 0, '{"flow":{"time":"')) {
      end = tokenEnd(line, 17);
      if (end !== -1) {
        this.push(Span.Token, 17, end, PIECE_FLOW_TIME);
        cursor = end;
      }
    }
    if (matchAt(line, cursor, '","uuid":"')) {
      end = tokenEnd(line, cursor + 10);
      if (end !== -1) {
        this.push(Span.Token, cursor + 10, end, PIECE_UUID);
        cursor = end;
      }
    }
    // patterns start after their quote: V8 searches a rare first character fastest
    at = line.indexOf('IP":{"source":"', cursor) - 1;
    if (at >= 0 && line.charCodeAt(at) === 34) {
      end = tokenEnd(line, at + 16);
      if (end !== -1) {
        this.push(Span.Token, at + 16, end, PIECE_FREE);
        cursor = end;
        if (matchAt(line, cursor, '","destination":"')) {
          end = tokenEnd(line, cursor + 17);
          if (end !== -1) {
            this.push(Span.Token, cursor + 17, end, PIECE_IP_DESTINATION);
            cursor = end;
          }
        }
      }
    }
    at = line.indexOf('l4":{"', cursor) - 1;
    if (at >= 0 && line.charCodeAt(at) === 34) {
      const p = at + 7;
      const name = matchAt(line, p, 'TCP') ? 3 : matchAt(line, p, 'UDP') ? 3 : matchAt(line, p, 'SCTP') ? 4 : 0;
      if (name > 0 && matchAt(line, p + name, '":{"source_port":')) {
        const start = p + name + 17;
        end = uintEnd(line, start);
        if (end !== -1) {
          this.push(Span.Uint, start, end, PIECE_FREE);
          cursor = end;
          if (matchAt(line, cursor, ',"destination_port":')) {
            end = uintEnd(line, cursor + 20);
            if (end !== -1) {
              this.push(Span.Uint, cursor + 20, end, PIECE_DESTINATION_PORT);
              cursor = end;
            }
          }
        }
      }
    }
    at = line.indexOf('source":{', cursor) - 1;
    if (at >= 0 && line.charCodeAt(at) === 34) {
      end = objectEnd(line, at + 9);
      if (end !== -1) {
        this.push(Span.Endpoint, at + 9, end, PIECE_FREE);
        cursor = end;
      }
    }
    let constant = PIECE_DESTINATION_ENDPOINT;
    at = matchAt(line, cursor, ',"destination":{') ? cursor + 1 : (constant = PIECE_FREE, line.indexOf('destination":{', cursor) - 1);
    if (at >= 0 && line.charCodeAt(at) === 34) {
      end = objectEnd(line, at + 14);
      if (end !== -1) {
        this.push(Span.Endpoint, at + 14, end, constant);
        cursor = end;
      }
    }
    // an L7 record's latency (never read: a span so that records of one kind share a shape)
    if (matchAt(line, cursor, ',"Type":"L7"')) {
      at = line.indexOf('latency_ns":"', cursor) - 1;
      if (at >= 0 && line.charCodeAt(at) === 34) {
        end = tokenEnd(line, at + 14);
        if (end !== -1) {
          this.push(Span.Token, at + 14, end, PIECE_FREE);
          cursor = end;
        }
      }
    }
    // the response's time, at the end of the line (`..."time":"TIME"}`)
    end = line.length - 2;
    if (line.charCodeAt(end) === 34 && line.charCodeAt(end + 1) === 125) {
      let start = end;
      while (start > cursor && start > end - MAX_TOKEN && TOKEN_CHARS[line.charCodeAt(start - 1)] === 1) start--;
      if (start < end && start - 8 >= cursor && matchAt(line, start - 8, '"time":"')) this.push(Span.Token, start, end, PIECE_FREE);
    }
    this.constants[this.count] = PIECE_FREE;
  }

  /** The hash of the line's pieces (free pieces sampled, constant ones by id) and span kinds. */
  private hash(line: string): number {
    let h = this.count;
    let from = 0;
    for (let i = 0; i <= this.count; i++) {
      const to = i < this.count ? this.starts[i]! : line.length;
      const c = this.constants[i]!;
      h = c === PIECE_FREE ? sampleHash(h, line, from, to) : (Math.imul(h, 31) + c) | 0;
      if (i < this.count) {
        h = (Math.imul(h, 31) + this.kinds[i]!) | 0;
        from = this.ends[i]!;
      }
    }
    return h;
  }

  /** The known shape whose pieces are the line's, compared in full. */
  private find(line: string, hash: number): Shape | undefined {
    const n = this.count;
    candidates: for (let s = this.shapes.get(hash); s; s = s.next) {
      if (s.spans !== n) continue;
      let from = 0;
      for (let i = 0; i <= n; i++) {
        const to = i < n ? this.starts[i]! : line.length;
        const c = this.constants[i]!;
        if (s.constants[i] !== c) continue candidates;
        if (i < n && s.kinds[i] !== this.kinds[i]) continue candidates;
        if (c === PIECE_FREE) {
          const piece = s.pieces[i]!;
          if (piece.length !== to - from || !sameText(line, from, piece)) continue candidates;
        }
        if (i < n) from = this.ends[i]!;
      }
      return s;
    }
    return undefined;
  }

  // --- endpoint texts ---------------------------------------------------------------------

  /** The endpoint of an object's text [from, to): known, or parsed now; undefined when not a JSON object. */
  private endpointText(line: string, from: number, to: number): EndpointText | undefined {
    // the identity number is a span of its own (recordings name one pod under several identities)
    // (where Hubble writes it: first, or after the endpoint ID)
    let idStart = -1;
    if (matchAt(line, from, '{"identity":')) {
      idStart = from + 12;
    } else if (matchAt(line, from, '{"ID":')) {
      const idEndOfId = uintEnd(line, from + 6);
      if (idEndOfId !== -1 && matchAt(line, idEndOfId, ',"identity":')) idStart = idEndOfId + 12;
    }
    let idEnd = -1;
    if (idStart !== -1) {
      idEnd = uintEnd(line, idStart);
      if (idEnd === -1 || idEnd > to) idStart = -1;
    }
    const beforeEnd = idStart === -1 ? to : idStart;
    const afterStart = idStart === -1 ? to : idEnd;
    // the endpoints of the last lines first: a connection's records name the same two
    const recent = this.recentEndpoints;
    for (let i = 0; i < recent.length; i++) {
      const e = recent[i]!;
      if (e.hasIdentity !== (idStart !== -1) || e.before.length !== beforeEnd - from || e.after.length !== to - afterStart) continue;
      if (sameText(line, from, e.before) && (e.after.length === 0 || sameText(line, afterStart, e.after))) return e;
    }
    const found = this.knownEndpoint(line, from, to, idStart !== -1, beforeEnd, afterStart);
    if (found) {
      recent[this.recentNext] = found;
      this.recentNext = (this.recentNext + 1) % RECENT_ENDPOINTS;
    }
    return found;
  }

  /** The endpoint of text [from, to) from the table, or parsed now (see endpointText). */
  private knownEndpoint(line: string, from: number, to: number, hasIdentity: boolean, beforeEnd: number, afterStart: number): EndpointText | undefined {
    let h = sampleHash(hasIdentity ? 1 : 0, line, from, beforeEnd);
    h = sampleHash(h, line, afterStart, to);
    for (let e = this.endpoints.get(h); e; e = e.next) {
      if (e.hasIdentity !== hasIdentity) continue;
      if (e.before.length !== beforeEnd - from || e.after.length !== to - afterStart) continue;
      if (!sameText(line, from, e.before) || (e.after.length > 0 && !sameText(line, afterStart, e.after))) continue;
      return e;
    }
    // a new endpoint text: parsed on its own, with a sentinel for the identity number
    const before = line.slice(from, beforeEnd);
    const after = line.slice(afterStart, to);
    let value: unknown;
    try {
      value = JSON.parse(hasIdentity ? `${before}${UINT_SENTINEL}${after}` : before);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const parsed = toObservedFlow({ flow: { source: value } });
    if (!parsed) return undefined;
    const data = parsed.source;
    const identityFromText = hasIdentity && data.identity === UINT_SENTINEL;
    if (this.endpointCount >= this.maxEndpoints) {
      this.endpoints.clear();
      this.endpointCount = 0;
      this.recentEndpoints.length = 0;
      this.recentNext = 0;
    }
    const entry: EndpointText = { hash: h, next: this.endpoints.get(h), before, after, hasIdentity, identityFromText, data, lastAddress: undefined };
    this.endpoints.set(h, trimChain(entry));
    this.endpointCount++;
    return entry;
  }

  // --- shapes -----------------------------------------------------------------------------

  /** A new shape from this line (see the module comment); undefined when the line makes none. */
  private makeShape(line: string, hash: number): Shape | undefined {
    if (line.indexOf('\\') !== -1) return undefined;
    const n = this.count;
    const pieces: string[] = [];
    let text = '';
    let from = 0;
    for (let i = 0; i <= n; i++) {
      const to = i < n ? this.starts[i]! : line.length;
      const piece = line.slice(from, to);
      text += piece;
      pieces.push(this.constants[i] === PIECE_FREE ? piece : '');
      if (i === n) break;
      const kind = this.kinds[i]!;
      text += kind === Span.Token ? `\\u0001${String.fromCharCode(65 + i)}` : kind === Span.Uint ? String(UINT_SENTINEL + i) : `{"\\u0001":${i}}`;
      from = this.ends[i]!;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    const flow = toObservedFlow(parsed);
    const field = { time: -1, sourceIp: -1, destinationIp: -1, sourcePort: -1, destinationPort: -1, sourceEndpoint: -1, destinationEndpoint: -1 };
    if (flow) {
      const token = (v: string | undefined): number => (v !== undefined && v.length === 2 && v.charCodeAt(0) === 1 ? v.charCodeAt(1) - 65 : -1);
      const uint = (v: number | undefined): number => (v !== undefined && v >= UINT_SENTINEL && v < UINT_SENTINEL + n ? v - UINT_SENTINEL : -1);
      field.time = token(flow.time);
      field.sourceIp = token(flow.source.ip);
      field.destinationIp = token(flow.destination.ip);
      field.sourcePort = uint(flow.sourcePort);
      field.destinationPort = uint(flow.destinationPort);
      const record = flowOfRecord(parsed)!.flow;
      const endpointSpan = (v: unknown): number => {
        if (typeof v !== 'object' || v === null || !Object.hasOwn(v, CONTROL)) return -1;
        const i = (v as Record<string, unknown>)[CONTROL];
        return typeof i === 'number' && i >= 0 && i < n && this.kinds[i] === Span.Endpoint ? i : -1;
      };
      field.sourceEndpoint = endpointSpan(record.source);
      field.destinationEndpoint = endpointSpan(record.destination);
      // each sentinel that reached the record is where it stands for, and nowhere else
      const json = JSON.stringify(flow);
      const tokens = [field.time, field.sourceIp, field.destinationIp].filter((i) => i !== -1);
      const uints = [field.sourcePort, field.destinationPort].filter((i) => i !== -1);
      if (count(json, '\\u0001') !== tokens.length || count(json, UINT_SENTINEL_TEXT) !== uints.length) return undefined;
      for (const i of tokens) if (this.kinds[i] !== Span.Token) return undefined;
      for (const i of uints) if (this.kinds[i] !== Span.Uint) return undefined;
      // an endpoint span that is a flow's endpoint: its fields come from the endpoint text
      for (const i of [field.sourceEndpoint, field.destinationEndpoint]) {
        if (i === -1) continue;
        const e = i === field.sourceEndpoint ? flow.source : flow.destination;
        if (e.identity !== undefined || e.namespace !== undefined || e.podName !== undefined || e.labels.length > 0) return undefined;
      }
      if (field.sourceEndpoint !== -1 && field.sourceEndpoint === field.destinationEndpoint) return undefined;
    }
    const shape: Shape = {
      hash,
      next: this.shapes.get(hash),
      spans: n,
      kinds: this.kinds.slice(0, n),
      constants: this.constants.slice(0, n + 1),
      pieces,
      flow,
      relevance: flow ? policyRelevance(flow, this.options) : undefined,
      ...field,
    };
    if (this.shapeCount >= this.maxShapes) {
      this.shapes.clear();
      this.shapeCount = 0;
      shape.next = undefined;
    }
    this.shapes.set(hash, trimChain(shape));
    this.shapeCount++;
    return shape;
  }

  // --- records ----------------------------------------------------------------------------

  private token(line: string, i: number): string {
    return line.slice(this.starts[i]!, this.ends[i]!);
  }

  private uint(line: string, i: number): number {
    let n = 0;
    for (let p = this.starts[i]!, end = this.ends[i]!; p < end; p++) n = n * 10 + (line.charCodeAt(p) - 48);
    return n;
  }

  /**
   * An address, as one string per distinct address: a slice of the line would keep the whole
   * line alive in the caches that key on addresses, and a string seen before has its hash.
   */
  private address(line: string, i: number): string {
    const text = this.token(line, i);
    let known = this.addresses.get(text);
    if (known === undefined) {
      if (this.addresses.size >= MAX_ADDRESSES) this.addresses.clear();
      // a copy (flattening a new cons string), not a slice of the line
      known = (`'${text}`).slice(1);
      this.addresses.set(known, known);
    }
    return known;
  }

  private endpoint(line: string, base: ObservedEndpoint, ipSpan: number, endpointSpan: number): ObservedEndpoint {
    if (endpointSpan === -1) return ipSpan === -1 ? base : { ...base, ip: this.address(line, ipSpan) };
    const e = this.endpointTexts[endpointSpan]!;
    let ip = base.ip;
    if (ipSpan !== -1) {
      const last = e.lastAddress;
      const start = this.starts[ipSpan]!;
      ip = last !== undefined && last.length === this.ends[ipSpan]! - start && matchAt(line, start, last) ? last : (e.lastAddress = this.address(line, ipSpan));
    }
    const d = e.data;
    let identity = d.identity;
    if (e.identityFromText) {
      // the identity number is the span inside the endpoint text: after its `before` part
      const start = this.starts[endpointSpan]! + e.before.length;
      identity = 0;
      for (let p = start; ; p++) {
        const c = line.charCodeAt(p);
        if (c < 48 || c > 57) break;
        identity = identity * 10 + (c - 48);
      }
    }
    return { ip, identity, namespace: d.namespace, podName: d.podName, labels: d.labels };
  }

  private record(shape: Shape, line: string): DecodedLine {
    const t = shape.flow;
    if (!t) return NON_FLOW_RECORD;
    const time = shape.time === -1 ? t.time : this.token(line, shape.time);
    const relevance = shape.relevance!;
    if (relevance !== 'decision' && relevance !== 'dns-response') return new SkippedFlow(relevance, time);
    const flow: ObservedFlow = {
      time,
      node: t.node,
      verdict: t.verdict,
      dropReason: t.dropReason,
      eventType: t.eventType,
      traceObservationPoint: t.traceObservationPoint,
      traceReason: t.traceReason,
      source: this.endpoint(line, t.source, shape.sourceIp, shape.sourceEndpoint),
      destination: this.endpoint(line, t.destination, shape.destinationIp, shape.destinationEndpoint),
      protocol: t.protocol,
      sourcePort: shape.sourcePort === -1 ? t.sourcePort : this.uint(line, shape.sourcePort),
      destinationPort: shape.destinationPort === -1 ? t.destinationPort : this.uint(line, shape.destinationPort),
      syn: t.syn,
      ack: t.ack,
      direction: t.direction,
      isReply: t.isReply,
      l7: t.l7,
      policies: t.policies,
    };
    return new DecodedFlow(flow, relevance);
  }
}

function count(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) n++;
  return n;
}

/** Keeps a hash chain short: entries past MAX_CHAIN are dropped. */
function trimChain<T extends { next: T | undefined }>(head: T): T {
  let e: T | undefined = head;
  for (let i = 1; e && i < MAX_CHAIN; i++) e = e.next;
  if (e) e.next = undefined;
  return head;
}
