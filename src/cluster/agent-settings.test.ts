import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAgentSettings } from './agent-settings.js';

describe('agent settings from Cilium option names', () => {
  it('a cilium-config ConfigMap with mutual authentication configured', () => {
    const r = parseAgentSettings({ apiVersion: 'v1', kind: 'ConfigMap', data: { 'mesh-auth-enabled': 'true', 'mesh-auth-mutual-listener-port': '4250', 'enable-ipv6': 'true', 'tunnel-protocol': 'vxlan' } });
    assert.deepEqual(r.settings, { mutualAuth: true, enableIPv6: true });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.ignored, ['tunnel-protocol']);
  });

  it('mutual authentication needs the listener port (the SPIRE handler) and the auth manager', () => {
    assert.equal(parseAgentSettings({ 'mesh-auth-mutual-listener-port': '0' }).settings.mutualAuth, false);
    assert.equal(parseAgentSettings({ 'mesh-auth-enabled': 'false', 'mesh-auth-mutual-listener-port': 4250 }).settings.mutualAuth, false);
    assert.equal(parseAgentSettings({ 'mesh-auth-mutual-listener-port': 4250 }).settings.mutualAuth, true);
    assert.equal(parseAgentSettings({ 'enable-ipv6': 'false' }).settings.mutualAuth, undefined);
  });

  it('booleans as Go parses them; bad values are problems, never guesses', () => {
    assert.equal(parseAgentSettings({ 'enable-ipv6': 'T' }).settings.enableIPv6, true);
    assert.equal(parseAgentSettings({ 'enable-ipv4': false }).settings.enableIPv4, false);
    const bad = parseAgentSettings({ 'enable-ipv6': 'yes', 'mesh-auth-mutual-listener-port': '99999' });
    assert.deepEqual(bad.problems.map((p) => p.key), ['enable-ipv6', 'mesh-auth-mutual-listener-port']);
    assert.equal(bad.settings.enableIPv6, undefined);
    assert.equal(parseAgentSettings(['x']).problems.length, 1);
  });
});
