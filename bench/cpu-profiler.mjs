// Preloaded into the api by `npm run bench -- --profile` (NODE_OPTIONS=--import, which refuses
// --cpu-prof). Each SIGUSR2 toggles V8's CPU profiler, so the benchmark can profile exactly the
// seconds one target runs; profiles go to BENCH_PROFILE_DIR as 1.cpuprofile, 2.cpuprofile, ...
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const directory = process.env.BENCH_PROFILE_DIR;
if (directory) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  let running = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      session.post('Profiler.start');
      running = true;
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      running = false;
      if (!error) {
        writeFileSync(join(directory, `${++written}.cpuprofile`), JSON.stringify(result.profile));
      }
    });
  });
  writeFileSync(join(directory, 'pid'), String(process.pid));
}
