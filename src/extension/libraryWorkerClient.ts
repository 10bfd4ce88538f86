import * as path from 'path';
import { Worker } from 'worker_threads';
import type { WorkerCall, WorkerReply } from './libraryWorker';

/** What the worker says about a request before its reply. */
export type WorkerNote = Extract<WorkerReply, { type: 'progress' | 'preview' }>;

/** Talks to the library worker thread: one request, one reply, matched by id. Restarts the worker if it dies. */
export class LibraryWorkerClient {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private readonly notes = new Map<number, (note: WorkerNote) => void>();

  constructor(private readonly extensionPath: string) {}

  /** `onNote` hears the 'progress' and 'preview' messages sent before the reply. */
  request(request: WorkerCall, onNote?: (note: WorkerNote) => void): Promise<WorkerReply> {
    const worker = this.start();
    const id = this.nextId++;
    if (onNote) this.notes.set(id, onNote);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ ...request, id });
    });
  }

  /** Starts the worker if it is not running (loading its code takes a few hundred ms: best begun early). */
  start(): Worker {
    if (this.worker) return this.worker;
    // A heap limit of its own: a library too big for memory ends the worker (restarted on the next request), not the extension host.
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'libraryWorker.js'), { resourceLimits: { maxOldGenerationSizeMb: 3072 } });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress' || reply.type === 'preview') return this.notes.get(reply.id)?.(reply);
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
      this.notes.delete(reply.id);
    });
    const fail = (message: string) => {
      this.worker = undefined;
      for (const [id, resolve] of this.waiting) resolve({ id, type: 'error', message });
      this.waiting.clear();
      this.notes.clear();
    };
    worker.on('error', (error) => fail(`The library reader stopped: ${error.message}`));
    worker.on('exit', (code) => fail(`The library reader exited (code ${code}).`));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
