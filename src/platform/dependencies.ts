// Recognises failures of MongoDB and Redis (down, unreachable, timing out) so they become a 503
// problem rather than a 500.

const MONGO_UNAVAILABLE =
  /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error$/;
const REDIS_UNAVAILABLE =
  /Connection is closed|enableOfflineQueue|Command timed out|Reached the max retries|ECONNREFUSED|ECONNRESET|EPIPE/;

export function unavailableDependency(error: unknown): 'MongoDB' | 'Redis' | undefined {
  if (!(error instanceof Error)) return undefined;
  if (MONGO_UNAVAILABLE.test(error.name)) return 'MongoDB';
  if (error.name === 'MongooseError' && /initial connection|not connected/i.test(error.message)) {
    return 'MongoDB';
  }
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_UNAVAILABLE.test(error.message)) {
    return 'Redis';
  }
  return undefined;
}
