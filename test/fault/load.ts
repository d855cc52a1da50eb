// A bounded, steady mixed load (list, read, create) from a few concurrent clients, each create
// sent with an idempotency key and retried with it after a 503 (or a 409 while the first
// attempt is still in flight), as a well-behaved client does. Records every answer.
import { randomUUID } from 'node:crypto';
import type { Client, ApiResponse } from '../support/app';
import type { SignedInUser } from '../support/builders';

export interface Sample {
  kind: 'list' | 'read' | 'create';
  /** When the request started and how long it took, in ms. */
  at: number;
  ms: number;
  status: number;
  /** A 503 or 409 came as an RFC 9457 problem with Retry-After. */
  problem: boolean;
  retry: boolean;
}

export interface LoadResult {
  samples: Sample[];
  /** Titles of the creates answered 201, per client. */
  acknowledged: string[];
  /** Titles whose create never got a 201 (the client gave up). */
  abandoned: string[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(
  samples: Sample[],
  kind: Sample['kind'],
  retry: boolean,
  send: () => Promise<ApiResponse>,
): Promise<ApiResponse> {
  const at = Date.now();
  let response: ApiResponse;
  try {
    response = await send();
  } catch {
    response = { status: 0, headers: new Headers(), body: undefined, text: '' };
  }
  const problem =
    (response.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
    response.headers.get('retry-after') !== null;
  samples.push({ kind, at, ms: Date.now() - at, status: response.status, problem, retry });
  return response;
}

/** Runs until `stop()` resolves, then lets every pending create finish its retries. */
export async function runLoad(
  client: Client,
  users: SignedInUser[],
  label: string,
  stop: Promise<void>,
): Promise<LoadResult> {
  const result: LoadResult = { samples: [], acknowledged: [], abandoned: [] };
  let stopping = false;
  void stop.then(() => (stopping = true));

  async function create(user: SignedInUser, title: string, ids: string[]) {
    const key = `"${randomUUID()}"`;
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await timed(result.samples, 'create', attempt > 0, () =>
        client.post('/api/v1/tasks', {
          token: user.token,
          body: { title },
          headers: { 'idempotency-key': key },
        }),
      );
      if (response.status === 201) {
        result.acknowledged.push(title);
        ids.push(response.body.id);
        return;
      }
      if (response.status !== 503 && response.status !== 409) break;
      await pause(Number(response.headers.get('retry-after') ?? 1) * 1000);
    }
    result.abandoned.push(title);
  }

  await Promise.all(
    users.map(async (user, index) => {
      const ids: string[] = [];
      for (let n = 0; !stopping; n++) {
        const step = n % 3;
        if (step === 0) {
          await create(user, `${label} c${index} #${n}`, ids);
        } else if (step === 1) {
          await timed(result.samples, 'list', false, () =>
            client.get('/api/v1/tasks?limit=20', { token: user.token }),
          );
        } else if (ids.length > 0) {
          await timed(result.samples, 'read', false, () =>
            client.get(`/api/v1/tasks/${ids[n % ids.length]}`, { token: user.token }),
          );
        }
        await pause(50);
      }
    }),
  );
  return result;
}
