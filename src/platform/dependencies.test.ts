import { unavailableDependency } from './dependencies';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

it.each([
  [named('MongoServerSelectionError', 'Server selection timed out after 1500 ms'), 'MongoDB'],
  [named('MongooseServerSelectionError', 'connect ECONNREFUSED'), 'MongoDB'],
  [named('MongoNetworkError', 'connection 3 to 127.0.0.1:27017 closed'), 'MongoDB'],
  [named('MongoBulkWriteError', 'connect ECONNREFUSED 127.0.0.1:27017'), 'MongoDB'],
  [
    named('MongooseError', 'Cannot call `tasks.find()` before initial connection is complete'),
    'MongoDB',
  ],
  [new Error('wrapped', { cause: named('MongoNetworkTimeoutError', 'timed out') }), 'MongoDB'],
  [new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'Redis'],
  [new Error('Connection is closed.'), 'Redis'],
  [new Error('Command timed out'), 'Redis'],
  [named('MaxRetriesPerRequestError', 'Reached the max retries per request limit'), 'Redis'],
])('when the error is %p, then the unavailable dependency is %p', (error, dependency) => {
  expect(unavailableDependency(error)).toBe(dependency);
});

it.each([
  [new Error('connect ECONNREFUSED 10.0.0.1:443')],
  [named('MongoServerError', 'E11000 duplicate key')],
  [named('ValidationError', 'title is required')],
  ['a string'],
  [undefined],
])('when the error is %p, then it is not a dependency outage', (error) => {
  expect(unavailableDependency(error)).toBeUndefined();
});
