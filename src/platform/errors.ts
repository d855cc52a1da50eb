// One error hierarchy for the whole api. Each error has a stable id that becomes the problem
// `type`; anything that is not an AppError is a 500 whose details stay in the logs.

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable identifier, the last segment of the problem `type` URI. */
    readonly id: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const errors = {
  invalidInput: (fieldErrors: FieldError[], detail = 'The request has invalid fields.') =>
    new AppError(400, 'invalid-input', 'Invalid input', detail, { errors: fieldErrors }),
  malformedJson: () =>
    new AppError(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.'),
  malformedCsv: (line: number, reason: string) =>
    new AppError(400, 'malformed-csv', 'Malformed CSV', `The CSV body cannot be read: ${reason}.`, {
      errors: [{ path: `line ${line}`, message: reason }],
    }),
  unauthenticated: (detail = 'A valid access token is required.') =>
    new AppError(401, 'unauthenticated', 'Unauthenticated', detail, {
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),
  invalidCredentials: () =>
    new AppError(401, 'invalid-credentials', 'Invalid credentials', 'Email or password is wrong.'),
  invalidRefreshToken: () =>
    new AppError(
      401,
      'invalid-refresh-token',
      'Invalid refresh token',
      'The session has expired or was revoked; sign in again.',
    ),
  forbiddenOrigin: () =>
    new AppError(403, 'forbidden-origin', 'Forbidden origin', 'Cross-site request refused.'),
  notFound: (detail = 'The resource does not exist.') =>
    new AppError(404, 'not-found', 'Not found', detail),
  methodNotAllowed: (allow: string) =>
    new AppError(
      405,
      'method-not-allowed',
      'Method not allowed',
      'The method is not allowed here.',
      {
        headers: { Allow: allow },
      },
    ),
  emailTaken: () =>
    new AppError(
      409,
      'email-taken',
      'Email already registered',
      'An account with this email exists.',
      {
        errors: [{ path: 'email', message: 'is already registered' }],
      },
    ),
  projectNameTaken: () =>
    new AppError(
      409,
      'project-name-taken',
      'Project name taken',
      'You have a project with this name (names are compared without case).',
      { errors: [{ path: 'name', message: 'is the name of another of your projects' }] },
    ),
  projectLimit: (limit: number) =>
    new AppError(
      409,
      'project-limit-reached',
      'Too many projects',
      `You have ${limit} projects, the most an account may have (the Inbox and archived ones count); delete one first.`,
    ),
  inboxProtected: (what: 'archived' | 'deleted') =>
    new AppError(
      409,
      'inbox-protected',
      'The Inbox stays',
      `The Inbox cannot be ${what}: tasks without another project live there. It can be renamed, recoloured and moved.`,
      what === 'archived'
        ? { errors: [{ path: 'archived', message: 'must be false for the Inbox' }] }
        : {},
    ),
  invalidReference: (path: string, message: string) =>
    new AppError(
      422,
      'invalid-reference',
      'Invalid reference',
      `\`${path}\` names nothing you can use here: ${message}.`,
      { errors: [{ path, message }] },
    ),
  preconditionFailed: (currentVersion: number, what: 'task' | 'project' = 'task') =>
    new AppError(
      412,
      'version-mismatch',
      'Version mismatch',
      `The ${what} was changed by someone else; its current version is ${currentVersion}.`,
      { headers: { ETag: `"${currentVersion}"` } },
    ),
  repeatNeedsDueDate: () =>
    new AppError(
      422,
      'recurrence-without-due-date',
      'Repeating task without a due date',
      'A repeating task needs a due date: set dueDate, or set recurrence to null.',
    ),
  importRejected: (fieldErrors: FieldError[], rows: number) =>
    new AppError(
      422,
      'import-rejected',
      'Import rejected',
      `${rows} ${rows === 1 ? 'row is' : 'rows are'} invalid, so nothing was imported; \`errors\` lists them by line and field.`,
      { errors: fieldErrors },
    ),
  payloadTooLarge: (limit: number) =>
    new AppError(413, 'payload-too-large', 'Payload too large', `The body exceeds ${limit} bytes.`),
  unsupportedMediaType: (accepted: readonly string[] = ['application/json']) =>
    new AppError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `Send the body as ${accepted.join(' or ')}, in UTF-8.`,
    ),
  rateLimited: (retryAfterSeconds: number, detail = 'Too many requests; slow down.') =>
    new AppError(429, 'rate-limited', 'Too many requests', detail, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  dependencyDown: (which: string) =>
    new AppError(
      503,
      'dependency-unavailable',
      'Service unavailable',
      `A backing service (${which}) is unavailable; retry shortly.`,
      { headers: { 'Retry-After': '1' } },
    ),
  budgetSpent: (budgetMs: number) =>
    new AppError(
      503,
      'request-timeout',
      'Service unavailable',
      `The request did not finish within its ${budgetMs} ms budget: a backing service is slow or unavailable; retry shortly.`,
      { headers: { 'Retry-After': '1' } },
    ),
  shuttingDown: () =>
    new AppError(503, 'shutting-down', 'Service unavailable', 'The server is shutting down.', {
      headers: { 'Retry-After': '1' },
    }),
};

/** How to retry each kind of write safely when its outcome is unknown. */
const SAFE_RETRY: Record<string, string> = {
  POST: 'Where the operation accepts an Idempotency-Key header (creating a task), retry with the same key: the change is then applied at most once.',
  PATCH:
    'Retrying sets the same values again; send If-Match with the ETag the change was based on to detect a change in between.',
  PUT: 'Retrying sets the same values again; send If-Match with the ETag the change was based on to detect a change in between.',
  DELETE: 'Retrying is safe: a 404 then means the first attempt deleted it.',
};
const UNKNOWN_OUTCOME_IDS = new Set(['dependency-unavailable', 'request-timeout']);

/**
 * A write that failed on a dependency may still have been applied (the server can apply a
 * request it received before it stopped answering): the problem says so and how to retry.
 */
export function withUnknownOutcome(problem: AppError, method: string): AppError {
  const advice = SAFE_RETRY[method];
  if (!advice || !UNKNOWN_OUTCOME_IDS.has(problem.id)) return problem;
  return new AppError(
    problem.status,
    problem.id,
    problem.title,
    `${problem.detail} The outcome of this ${method} is unknown: it may or may not have been applied. ${advice}`,
    problem.extras,
  );
}
