// The tier's bounded request generator, run on a worker thread of its own. The tests drive the
// cluster with synchronous kubectl and helm calls, which block their thread for as long as a
// rollout takes: on that thread, the generator would send nothing during the disruption it is
// there to measure, and the answers that did arrive would be read only after their deadlines.
//
// `workers` loops of GET `url`, each request on a new connection, `pauseMs` apart. Every request
// settles exactly once: answered (kept as its end time), or failed (refused, cut short, not 200, or
// no answer within `timeoutMs`, kept with its end time and reason). The thread stops on a 'stop'
// message and posts back what it saw.
import { request } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, workers, pauseMs, timeoutMs } = workerData;
let running = true;
const answered = [];
const failures = [];

const once = () =>
  new Promise((resolve) => {
    let settled = false;
    const settle = (failure) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (failure) failures.push({ at: Date.now(), failure });
      else answered.push(Date.now());
      resolve();
    };
    const req = request(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.on('error', (error) => settle(error.message));
        res.on('close', () => settle(res.complete ? undefined : 'response cut short'));
        res.on('end', () => settle(res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`));
        res.resume();
      },
    );
    const deadline = setTimeout(() => {
      settle(`no answer within ${timeoutMs / 1000} s`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => settle(error.message));
    req.end();
  });

const loops = Array.from({ length: workers }, async () => {
  while (running) {
    await once();
    await sleep(pauseMs);
  }
});

parentPort.once('message', async () => {
  running = false;
  await Promise.all(loops);
  parentPort.postMessage({ answered, failures });
});
