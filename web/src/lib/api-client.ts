// The one HTTP client of the app. The access token lives only in this module's memory; the
// refresh token is an httpOnly cookie the browser sends to /api/v1/auth, so a page reload or a 401
// costs exactly one refresh call, shared by every request that is waiting for it.

export const API_BASE = '/api/v1';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** Field messages keyed by the first segment of each path ("tags.2" → "tags"). */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const field = error.path.split('.')[0] || 'form';
      result[field] ??= error.message.charAt(0).toUpperCase() + error.message.slice(1);
    }
    return result;
  }
}

export class NetworkError extends Error {
  constructor() {
    super('Judix cannot be reached. Check your connection and try again.');
    this.name = 'NetworkError';
  }
}

// Calls where a 401 is the answer itself, not a sign that the access token needs refreshing.
const NO_REFRESH_PATHS = new Set([
  '/auth/login',
  '/auth/register',
  '/auth/refresh',
  '/auth/logout',
]);

let accessToken: string | null = null;
let refreshInFlight: Promise<boolean> | null = null;
const signedOutListeners = new Set<() => void>();

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** Called when the session is gone for good (refresh refused), so the app can go to sign-in. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError();
  }
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/**
 * Tabs share the cookie jar, so two tabs refreshing at the same moment would present the same
 * refresh token twice and the server would revoke the login. A Web Lock makes them take turns;
 * the second tab then sends the cookie the first one just received.
 */
function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('judix-refresh', work) : work();
}

/**
 * Trades the refresh cookie for a new access token. Concurrent callers share one request, because
 * the server rotates the cookie on every use and treats a second use of the old one as theft.
 */
export function refreshSession(): Promise<boolean> {
  refreshInFlight ??= withRefreshLock(async () => {
    try {
      const response = await send(`${API_BASE}/auth/refresh`, {
        method: 'POST',
        credentials: 'same-origin',
      });
      if (!response.ok) {
        if (response.status >= 500) throw new ApiError(await readProblem(response));
        accessToken = null;
        return false;
      }
      const body = (await response.json()) as { accessToken: string };
      accessToken = body.accessToken;
      return true;
    } finally {
      refreshInFlight = null;
    }
  });
  return refreshInFlight;
}

/**
 * After a 401: refreshes the session and says whether that worked; when it did not, the session is
 * gone and the app is told to sign out. Also used by the live stream, which reads its own fetch.
 */
export async function refreshOrSignOut(): Promise<boolean> {
  if (await refreshSession()) return true;
  for (const listener of signedOutListeners) listener();
  return false;
}

/** The headers that authenticate a request made outside `apiRequest`. */
export function authHeaders(): Record<string, string> {
  return accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as it is with this Content-Type, in place of a JSON `body` (a file to import). */
  raw?: { data: Blob | string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Keeps the request alive while the page unloads (pending deletions on tab close). */
  keepalive?: boolean;
  /**
   * Makes a create safe to repeat: sent as `Idempotency-Key`, and the request is retried once,
   * with the same key, when the api answers 503 (its outcome is then unknown).
   */
  idempotencyKey?: string;
}

/** How long to wait before the one retry of an idempotent write: the api's Retry-After, capped. */
function retryDelayMs(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 5) * 1000 : 1000;
}

/**
 * Sends the request, refreshing the session once after a 401 and retrying an idempotent write
 * once after a 503; a problem answer throws.
 */
async function request(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const attempt = () => {
    const headers: Record<string, string> = {
      Accept: accept,
      ...options.headers,
      ...authHeaders(),
    };
    if (options.raw) headers['Content-Type'] = options.raw.contentType;
    else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = `"${options.idempotencyKey}"`;
    return send(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.raw?.data ??
        (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
      keepalive: options.keepalive,
      credentials: 'same-origin',
    });
  };

  let response = await attempt();
  if (response.status === 401 && !NO_REFRESH_PATHS.has(path) && (await refreshOrSignOut())) {
    response = await attempt();
  }
  if (response.status === 503 && options.idempotencyKey) {
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(response)));
    response = await attempt();
  }
  if (!response.ok) throw new ApiError(await readProblem(response));
  return response;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface Download {
  blob: Blob;
  /** The name the server suggests (Content-Disposition), or null when it gives none. */
  fileName: string | null;
}

/** The `filename` of a Content-Disposition header, quoted or as a token. */
export function fileNameOf(disposition: string | null): string | null {
  const match = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition ?? '');
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!;
}

/**
 * Fetches a file with the access token, which a plain link cannot carry, for the page to save.
 * A problem is still read as JSON, so it throws the same ApiError as any other call.
 */
export async function apiDownload(path: string, options: RequestOptions = {}): Promise<Download> {
  const response = await request(path, options, '*/*');
  return {
    blob: await response.blob(),
    fileName: fileNameOf(response.headers.get('Content-Disposition')),
  };
}

/** Resets module state between unit tests. */
export function resetApiClientForTests(): void {
  accessToken = null;
  refreshInFlight = null;
  signedOutListeners.clear();
}
