// The one classification of dependency failures: which errors mean "MongoDB or Redis is
// unavailable, or the outcome of the call is unknown". Those become a 503 problem with
// Retry-After (and count against the dependency's circuit breaker); everything else is either an
// answer the api understands (a duplicate key, a validation error) or a bug, a 500.
//
// Classes and labels come from the installed driver, so a driver upgrade that adds one is caught
// by the test that enumerates them (dependencies.test.ts).
import {
  MongoClientClosedError,
  MongoDecompressionError,
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoStalePrimaryError,
  MongoSystemError,
  MongoTopologyClosedError,
  MongoUnexpectedServerResponseError,
  MongoWriteConcernError,
} from 'mongodb';

export type Dependency = 'MongoDB' | 'Redis';

/**
 * Network errors (timeouts, a pool cleared after one), a topology that cannot serve now, and a
 * reply that could not be read (a connection reset mid-reply): the outcome is unknown.
 */
const MONGO_UNAVAILABLE_CLASSES = [
  MongoNetworkError,
  MongoSystemError,
  MongoServerSelectionError,
  MongoOperationTimeoutError,
  MongoTopologyClosedError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoClientClosedError,
  MongoStalePrimaryError,
  MongoWriteConcernError,
  MongoUnexpectedServerResponseError,
  MongoDecompressionError,
];
/** The connection pool's own errors, which the driver does not export: closed, checkout timed out. */
const MONGO_UNAVAILABLE_INTERNAL = new Set(['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']);

/** Every label the driver attaches means "transient: retry"; none marks a permanent failure. */
const MONGO_UNAVAILABLE_LABELS: readonly string[] = Object.values(MongoErrorLabel);

/**
 * Server error codes that mean unavailable or unknown outcome: the driver's retryable codes, the
 * time limit (`maxTimeMS`) and write-concern timeouts.
 */
const MONGO_UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (wtimeout: the write may still apply)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Mongoose's own errors when the connection is not (yet, or any more) usable. */
const MONGOOSE_UNAVAILABLE = /initial connection|not connected|buffering timed out/i;

/** Redis replies that mean "not now" (loading, busy script, failover in progress). */
const REDIS_UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;
/** ioredis rejects commands with plain errors when the connection is down or a reply is late. */
const REDIS_UNAVAILABLE_MESSAGES =
  /Connection is closed|enableOfflineQueue|Command timed out|Reached the max retries|Stream connection ended/;
const REDIS_UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

/** Raised without calling a dependency while its circuit breaker is open. */
export class DependencyUnavailableError extends Error {
  constructor(readonly dependency: Dependency) {
    super(`${dependency} is unavailable (circuit open)`);
    this.name = 'DependencyUnavailableError';
  }
}

function hasUnavailableLabel(error: MongoError): boolean {
  return MONGO_UNAVAILABLE_LABELS.some((label) => {
    try {
      return error.hasErrorLabel(label);
    } catch {
      return false;
    }
  });
}

function classifyMongo(error: Error): boolean {
  if (MONGO_UNAVAILABLE_CLASSES.some((type) => error instanceof type)) return true;
  if (MONGO_UNAVAILABLE_INTERNAL.has(error.name)) return true;
  if (error instanceof MongoError && hasUnavailableLabel(error)) return true;
  if (error instanceof MongoServerError && MONGO_UNAVAILABLE_CODES.has(Number(error.code))) {
    return true;
  }
  if (error.name === 'MongooseServerSelectionError') return true;
  return error.name === 'MongooseError' && MONGOOSE_UNAVAILABLE.test(error.message);
}

function classifyRedis(error: Error): boolean {
  if (REDIS_UNAVAILABLE_NAMES.has(error.name)) return true;
  if (error.name === 'ReplyError') return REDIS_UNAVAILABLE_REPLIES.test(error.message);
  return REDIS_UNAVAILABLE_MESSAGES.test(error.message);
}

function classify(error: Error): Dependency | undefined {
  if (error instanceof DependencyUnavailableError) return error.dependency;
  if (classifyMongo(error)) return 'MongoDB';
  if (classifyRedis(error)) return 'Redis';
  return undefined;
}

/** Errors this one wraps: `cause`, and the error a MongoBulkWriteError was built from. */
function wrapped(error: Error): unknown {
  const response = (error as { errorResponse?: unknown }).errorResponse;
  return response instanceof Error && response !== error ? response : error.cause;
}

export function unavailableDependency(error: unknown): Dependency | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const dependency = classify(current);
    if (dependency) return dependency;
    current = wrapped(current);
  }
  return undefined;
}
