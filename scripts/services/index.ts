export { provideMongo, startLocalMongo, withDatabase, ferretBinary } from './mongo';
export { provideRedis, startLocalRedis } from './redis';
export { freePort, onPath, waitForPort, ManagedProcess, ServiceUnavailableError } from './process';
export { aptInstall } from './apt';
export type { Service } from './types';
