/**
 * Runs the PolicyTest suites kept in the repository: Cilium's conformance corpus
 * (test/conformance, answers computed by Cilium's own engine), Kubernetes' e2e NetworkPolicy
 * scenarios (test/knp-e2e) and the examples. Every case must pass; none may be skipped.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectionMismatch, summarize } from '../src/analysis/policy-test.js';
import { NO_POLICY_TEST, runTests } from '../src/cli/commands/test.js';
import { listInputs } from '../src/io/files.js';
import { readWorkspace } from '../src/io/workspace.js';

const SUITES = ['test/conformance', 'test/knp-e2e', 'test/semantics', 'examples'];

for (const suite of SUITES) {
  describe(suite, () => {
    const { files } = listInputs([suite]);
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      it(file, () => {
        const results = runTests([file]);
        if (results.length === 1 && results[0]!.error === NO_POLICY_TEST) {
          // a manifest beside the tests (examples/starwars; `membrane test DIR` skips it): it must load cleanly
          const ws = readWorkspace([file]);
          assert.deepEqual(ws.diagnostics, []);
          assert.ok(ws.objects.length > 0, `${file} holds neither a PolicyTest nor Kubernetes objects`);
          return;
        }
        const summary = summarize(results);
        totals.passed += summary.passed;
        totals.failed += summary.failed;
        totals.skipped += summary.skipped;
        for (const r of results) {
          assert.equal(r.error, null, `${file}: ${r.error}`);
          assert.ok(!rejectionMismatch(r), `${file}: rejected ${JSON.stringify(r.rejected)}`);
          const failed = r.cases.filter((c) => c.status !== 'pass');
          assert.deepEqual(failed.map((c) => `${c.name}: ${c.status} ${c.reason ?? ''}`), []);
          assert.ok(r.cases.length > 0, `${file} has no cases`);
        }
      });
    }
    it('reports its totals', (t) => {
      t.diagnostic(`${suite}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
      assert.equal(totals.failed, 0);
    });
  });
}
