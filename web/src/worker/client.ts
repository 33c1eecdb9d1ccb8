/** The page's handle on an engine worker: requests as promises. */

import type { EngineApi, EngineMethod, EngineResponse } from './protocol.js';

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'membrane-engine' });
    this.worker.onmessage = (e: MessageEvent<EngineResponse>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.value);
      else p.reject(new Error(e.data.error));
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || 'the engine worker failed'));
      this.pending.clear();
    };
  }

  call<M extends EngineMethod>(method: M, arg: EngineApi[M][0]): Promise<EngineApi[M][1]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, arg });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}

/**
 * Runs the latest of a stream of requests: while one is running, newer ones replace the
 * queued one, so an engine busy with a slow diff never works through stale keystrokes.
 */
export class LatestOnly<A, R> {
  private running = false;
  private queued: { arg: A; resolve(r: R | undefined): void } | undefined;

  constructor(private readonly run: (arg: A) => Promise<R>) {}

  submit(arg: A): Promise<R | undefined> {
    return new Promise((resolve) => {
      this.queued?.resolve(undefined);
      this.queued = { arg, resolve };
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running || !this.queued) return;
    const { arg, resolve } = this.queued;
    this.queued = undefined;
    this.running = true;
    try {
      const r = await this.run(arg);
      resolve(this.queued ? undefined : r);
    } catch {
      resolve(undefined);
    } finally {
      this.running = false;
      void this.pump();
    }
  }
}
