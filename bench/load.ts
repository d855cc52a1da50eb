// The load generators run in a process of their own (load-worker.ts), so they never share an
// event loop with a server under test; this side sends them jobs over IPC. Pinned to one CPU, the
// process is started through taskset, which keeps the IPC channel as it executes Node.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { ClosedLoopOptions, ClosedLoopResult } from './closed-loop';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop';

export interface Request {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export type Job =
  | { kind: 'closed'; request: Request; options: ClosedLoopOptions }
  | { kind: 'open'; request: Request; options: OpenLoopOptions };

export type Reply = { result: ClosedLoopResult | OpenLoopResult } | { error: string };

export class LoadGenerator {
  private readonly child: ChildProcess;

  /** With `cpu`, the generator runs on that CPU only (taskset -c). */
  constructor(cpu?: number) {
    const worker = resolve(__dirname, 'load-worker.ts');
    const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
    this.child =
      cpu === undefined
        ? fork(worker, { execArgv: ['--import', 'tsx'], stdio: [...stdio] })
        : spawn('taskset', ['-c', String(cpu), process.execPath, '--import', 'tsx', worker], {
            stdio: [...stdio],
          });
  }

  /** The generator's process, whose CPU time the closed loop reads. */
  get pid(): number {
    return this.child.pid!;
  }

  closedLoop(request: Request, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
    return this.run({ kind: 'closed', request, options }) as Promise<ClosedLoopResult>;
  }

  openLoop(request: Request, options: OpenLoopOptions): Promise<OpenLoopResult> {
    return this.run({ kind: 'open', request, options }) as Promise<OpenLoopResult>;
  }

  private run(job: Job): Promise<ClosedLoopResult | OpenLoopResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: Reply) => {
        this.child.off('exit', onExit);
        if ('error' in reply) reject(new Error(`load generator: ${reply.error}`));
        else resolve(reply.result);
      });
      this.child.send(job);
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
