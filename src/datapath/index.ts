/** The enforcing datapath (`membrane lab`): network namespaces, nftables and proxies driven by the engine. */

export { DEFAULT_LAB_NAME, DEFAULT_TEST_LAB_NAME, labNameProblem } from './names.js';
export {
  execTarget,
  labApply,
  labDown,
  labExec,
  labHealth,
  labPrerequisiteProblem,
  labStatus,
  labUp,
  listLabs,
  LabError,
  type ExecTarget,
  type LabStatus,
  type LabUpOptions,
  type LabUpResult,
} from './lab.js';
export { runLabTest, type LabCaseOutcome, type LabTestRun } from './lab-test.js';
export { compileRuleset, type CompiledRuleset } from './compile.js';
export { buildTopology, type LabEndpoint, type Topology } from './topology.js';
export { POLICY_OBJECT_KINDS, type AgentStatus, type ApplyResult } from './agent.js';
export type { TeardownReport } from './netns.js';
export { ControlError } from './control.js';
export { CommandError } from './system.js';
