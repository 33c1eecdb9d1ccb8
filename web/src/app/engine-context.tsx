/** The loaded workspace and the engine worker, shared by every view. */

import { createContext, useContext } from 'react';
import type { EngineClient } from '../worker/client.js';
import type { GraphData, LoadSummary } from '../worker/protocol.js';

export interface EngineState {
  readonly engine: EngineClient;
  /** the workspace as loaded (undefined until something is loaded) */
  readonly summary: LoadSummary | undefined;
  /** bumps on every load, so views refetch */
  readonly generation: number;
  readonly graph: GraphData | undefined;
  /** for the editor's diff: a second worker with the same workspace, so a slow diff never delays the other views */
  readonly diffEngine: () => EngineClient;
}

export const EngineContext = createContext<EngineState | undefined>(undefined);

export function useEngine(): EngineState {
  const ctx = useContext(EngineContext);
  if (!ctx) throw new Error('useEngine outside EngineContext');
  return ctx;
}
