import * as mongodb from 'mongodb';
import { ReplyError } from 'ioredis';
import { DependencyUnavailableError, unavailableDependency } from './dependencies';

type ErrorClass = new (...args: any[]) => Error;

/**
 * An instance of a driver error class: built with a message when its constructor takes one, else
 * (constructors that need driver internals) an object of the class with just a message.
 */
function instance(type: ErrorClass): Error {
  try {
    return new type('simulated failure');
  } catch {
    return Object.assign(Object.create(type.prototype) as Error, { message: 'simulated failure' });
  }
}

const errorClasses = (module: Record<string, unknown>) =>
  Object.entries(module).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' && (entry[1] as ErrorClass).prototype instanceof Error,
  );

// Every error class the driver exports is listed in exactly one of these; a driver upgrade that
// adds a class fails the test below until it is classified here.
const MONGO_UNAVAILABLE = [
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoSystemError',
  'MongoServerSelectionError',
  'MongoOperationTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoStalePrimaryError',
  'MongoWriteConcernError',
  'MongoUnexpectedServerResponseError',
  'MongoDecompressionError',
];
/** Answers (a server refusal such as a duplicate key) or programming errors: a 500 if unhandled. */
const MONGO_NOT_AN_OUTAGE = [
  'MongoError',
  'MongoServerError',
  'MongoBulkWriteError',
  'MongoClientBulkWriteError',
  'MongoClientBulkWriteCursorError',
  'MongoClientBulkWriteExecutionError',
  'MongoDriverError',
  'MongoAPIError',
  'MongoRuntimeError',
  'MongoAWSError',
  'MongoAzureError',
  'MongoGCPError',
  'MongoOIDCError',
  'MongoKerberosError',
  'MongoMissingCredentialsError',
  'MongoMissingDependencyError',
  'MongoInvalidArgumentError',
  'MongoCompatibilityError',
  'MongoParseError',
  'MongoBatchReExecutionError',
  'MongoChangeStreamError',
  'MongoCursorExhaustedError',
  'MongoCursorInUseError',
  'MongoExpiredSessionError',
  'MongoTailableCursorError',
  'MongoTransactionError',
  'MongoGridFSChunkError',
  'MongoGridFSStreamError',
  'MongoCryptError',
  'MongoCryptAzureKMSRequestError',
  'MongoCryptCreateDataKeyError',
  'MongoCryptCreateEncryptedCollectionError',
  'MongoCryptInvalidArgumentError',
  'MongoCryptKMSRequestNetworkTimeoutError',
];

describe('the driver error classes', () => {
  const exported = errorClasses(mongodb);

  it('when the driver exports an error class, then it is classified', () => {
    expect(exported.map(([name]) => name).sort()).toEqual(
      [...MONGO_UNAVAILABLE, ...MONGO_NOT_AN_OUTAGE].sort(),
    );
  });

  it.each(exported.filter(([name]) => MONGO_UNAVAILABLE.includes(name)))(
    'when the driver raises %s, then MongoDB is unavailable',
    (_name, type) => expect(unavailableDependency(instance(type))).toBe('MongoDB'),
  );

  it.each(exported.filter(([name]) => MONGO_NOT_AN_OUTAGE.includes(name)))(
    'when the driver raises a plain %s, then it is not an outage',
    (_name, type) => expect(unavailableDependency(instance(type))).toBeUndefined(),
  );

  it('when the connection pool raises one of its unexported errors, then MongoDB is unavailable', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pool = errorClasses(require('mongodb/lib/cmap/errors'));
    expect(pool.length).toBeGreaterThanOrEqual(3);
    for (const [, type] of pool) {
      const error = Object.assign(Object.create(type.prototype) as Error, { message: 'pool' });
      expect([type.name, unavailableDependency(error)]).toEqual([type.name, 'MongoDB']);
    }
  });

  it.each(Object.values(mongodb.MongoErrorLabel))(
    'when a server error carries the label %s, then MongoDB is unavailable',
    (label) => {
      const error = new mongodb.MongoServerError({ message: 'x', errorLabels: [label] });
      expect(unavailableDependency(error)).toBe('MongoDB');
    },
  );

  it('when a bulk write fails on a cleared pool, then MongoDB is unavailable', () => {
    const network = instance(mongodb.MongoNetworkError);
    const bulk = new mongodb.MongoBulkWriteError(network as never, {} as never);
    expect(unavailableDependency(bulk)).toBe('MongoDB');
  });

  it('when a bulk write fails on a duplicate key, then it is an answer, not an outage', () => {
    const bulk = new mongodb.MongoBulkWriteError(
      { message: 'E11000 duplicate key', code: 11000, writeErrors: [] } as never,
      {} as never,
    );
    expect(unavailableDependency(bulk)).toBeUndefined();
  });

  it.each([
    [50, 'MongoDB'],
    [91, 'MongoDB'],
    [10107, 'MongoDB'],
    [11000, undefined],
    [121, undefined],
  ])('when the server answers code %p, then the unavailable dependency is %p', (code, expected) => {
    const error = new mongodb.MongoServerError({ message: 'x', code });
    expect(unavailableDependency(error)).toBe(expected);
  });
});

describe('the Redis client errors', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });

  it('when ioredis exports an error class, then it means Redis is unavailable', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const classes = errorClasses(require('ioredis/built/errors'));
    expect(classes.map(([name]) => name)).toEqual(['MaxRetriesPerRequestError']);
    for (const [, type] of classes) expect(unavailableDependency(instance(type))).toBe('Redis');
  });

  it.each([
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'Redis'],
    [new Error('Connection is closed.'), 'Redis'],
    [new Error('Command timed out'), 'Redis'],
    [new ReplyError('LOADING Redis is loading the dataset in memory'), 'Redis'],
    [new ReplyError('MASTERDOWN Link with MASTER is down'), 'Redis'],
    [
      new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'),
      undefined,
    ],
    [named('MongooseServerSelectionError', 'connect ECONNREFUSED'), 'MongoDB'],
    [
      named('MongooseError', 'Cannot call `tasks.find()` before initial connection is complete'),
      'MongoDB',
    ],
    [new Error('wrapped', { cause: new mongodb.MongoNetworkTimeoutError('timed out') }), 'MongoDB'],
    [new DependencyUnavailableError('Redis'), 'Redis'],
    [new Error('connect ECONNREFUSED 10.0.0.1:443'), undefined],
    [named('ValidationError', 'title is required'), undefined],
    ['a string', undefined],
    [undefined, undefined],
  ])('when the error is %p, then the unavailable dependency is %p', (error, expected) => {
    expect(unavailableDependency(error)).toBe(expected);
  });
});
