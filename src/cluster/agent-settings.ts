/**
 * The Cilium agent settings that change verdicts and that Membrane models, read from the
 * agent's own option names (the `cilium-config` ConfigMap, `cilium-dbg config view`).
 * Every other option is taken at Cilium's default (docs/semantics-notes.md). Settings are
 * a fact about the cluster, like its nodes, so they live here.
 */

export interface AgentSettings {
  /**
   * Mutual authentication runs (`mesh-auth-mutual-listener-port` set, SPIRE deployed): traffic
   * of rules with `authentication: {mode: required}` passes once the agents have authenticated
   * the peers, which Membrane assumes succeeds. Off by default: that traffic is dropped.
   */
  readonly mutualAuth: boolean;
  /** `enable-ipv4` (default true) */
  readonly enableIPv4: boolean;
  /** `enable-ipv6` (default false); also on when a pod or node of the input has an IPv6 address */
  readonly enableIPv6: boolean;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettings = { mutualAuth: false, enableIPv4: true, enableIPv6: false };

/** The agent options Membrane reads; the others keep their defaults. */
export const MODELLED_AGENT_OPTIONS = ['mesh-auth-enabled', 'mesh-auth-mutual-listener-port', 'enable-ipv4', 'enable-ipv6'] as const;

export interface SettingsProblem {
  /** the option name */
  readonly key: string;
  readonly message: string;
}

export interface ParsedAgentSettings {
  readonly settings: Partial<AgentSettings>;
  readonly problems: readonly SettingsProblem[];
  /** options present but not modelled (Membrane assumes their defaults) */
  readonly ignored: readonly string[];
}

/** Go's strconv.ParseBool, which the agent's option parsing uses. */
function parseGoBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v);
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

function parsePort(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Agent settings from a `cilium-config` ConfigMap (its `data`) or a plain map of agent option
 * names to values.
 */
export function parseAgentSettings(value: unknown): ParsedAgentSettings {
  const problems: SettingsProblem[] = [];
  if (!isObj(value)) return { settings: {}, problems: [{ key: '', message: 'expected a map of Cilium agent options or a cilium-config ConfigMap' }], ignored: [] };
  const data = value.kind === 'ConfigMap' ? (isObj(value.data) ? value.data : {}) : value;
  const settings: { -readonly [K in keyof AgentSettings]?: AgentSettings[K] } = {};
  const ignored: string[] = [];
  const bool = (key: string): boolean | undefined => {
    const b = parseGoBool(data[key]);
    if (b === undefined) problems.push({ key, message: `${key}: expected true or false (got ${JSON.stringify(data[key])})` });
    return b;
  };
  let meshAuth = true;
  let listenerPort = 0;
  for (const key of Object.keys(data)) {
    switch (key) {
      case 'mesh-auth-enabled': meshAuth = bool(key) ?? meshAuth; break;
      case 'mesh-auth-mutual-listener-port': {
        const port = parsePort(data[key]);
        if (port === undefined) problems.push({ key, message: `${key}: expected a port number (got ${JSON.stringify(data[key])})` });
        else listenerPort = port;
        break;
      }
      case 'enable-ipv4': { const b = bool(key); if (b !== undefined) settings.enableIPv4 = b; break; }
      case 'enable-ipv6': { const b = bool(key); if (b !== undefined) settings.enableIPv6 = b; break; }
      default: ignored.push(key);
    }
  }
  if ('mesh-auth-enabled' in data || 'mesh-auth-mutual-listener-port' in data) {
    // pkg/auth: the auth manager runs with mesh-auth-enabled; the SPIRE handler needs the listener port
    settings.mutualAuth = meshAuth && listenerPort !== 0;
  }
  return { settings, problems, ignored };
}
