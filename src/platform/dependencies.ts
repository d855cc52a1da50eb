// Recognises failures of MongoDB and Redis (down, unreachable, timing out) so they become a 503
// problem rather than a 500.

const MONGO_UNAVAILABLE =
  /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error$/;
/** Driver errors that wrap a network failure (e.g. MongoBulkWriteError) carry it in the message. */
const NETWORK_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|connection .*closed/i;
const REDIS_UNAVAILABLE =
  /Connection is closed|enableOfflineQueue|Command timed out|Reached the max retries/;

function classify(error: Error): 'MongoDB' | 'Redis' | undefined {
  if (MONGO_UNAVAILABLE.test(error.name)) return 'MongoDB';
  if (error.name.startsWith('Mongo') && NETWORK_FAILURE.test(error.message)) return 'MongoDB';
  if (error.name === 'MongooseError' && /initial connection|not connected/i.test(error.message)) {
    return 'MongoDB';
  }
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_UNAVAILABLE.test(error.message)) {
    return 'Redis';
  }
  return undefined;
}

export function unavailableDependency(error: unknown): 'MongoDB' | 'Redis' | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const dependency = classify(current);
    if (dependency) return dependency;
    current = current.cause;
  }
  return undefined;
}
