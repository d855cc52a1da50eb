// The load generators' process: runs each job its parent sends over IPC and answers with the
// result. It exits when the parent disconnects, so it cannot outlive the benchmark.
import { runClosedLoop } from './closed-loop';
import type { Job, Reply } from './load';
import { runOpenLoop } from './open-loop';

process.on('message', (job: Job) => {
  const run =
    job.kind === 'closed'
      ? runClosedLoop(job.request, job.options)
      : runOpenLoop(job.request, job.options);
  run.then(
    (result) => process.send!({ result } satisfies Reply),
    (error: Error) => process.send!({ error: error.message } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
