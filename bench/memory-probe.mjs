// Preloaded into the api that holds the benchmark's idle event streams (NODE_OPTIONS=--import),
// so its memory can be read after a full garbage collection without a hook in src/. Each SIGUSR2
// connects an in-process inspector session, asks V8 for a full collection twice
// (HeapProfiler.collectGarbage; the second pass takes what the first one's finalizers let go),
// disconnects, and writes process.memoryUsage() to BENCH_MEMORY_DIR as 1.json, 2.json, ...
// In-process rather than `--inspect` from the benchmark: no debugger port, no WebSocket client,
// and no session attached while the api is under load.
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const directory = process.env.BENCH_MEMORY_DIR;
if (directory) {
  let taken = 0;
  const collect = (session) =>
    new Promise((resolve, reject) =>
      session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())),
    );
  process.on('SIGUSR2', async () => {
    const file = join(directory, `${++taken}.json`);
    const session = new Session();
    let reading;
    try {
      session.connect();
      await collect(session);
      await collect(session);
      reading = process.memoryUsage();
    } catch (error) {
      reading = { error: String(error) };
    } finally {
      session.disconnect();
    }
    // Written whole under a temporary name, so the benchmark never reads half a file.
    writeFileSync(`${file}.part`, JSON.stringify(reading));
    renameSync(`${file}.part`, file);
  });
  writeFileSync(join(directory, 'pid'), String(process.pid));
}
