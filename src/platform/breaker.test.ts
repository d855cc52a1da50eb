import { MongoNetworkTimeoutError, MongoServerError } from 'mongodb';
import { DependencyUnavailableError } from './dependencies';
import { DependencyBreaker, type BreakerState } from './breaker';

const timeout = () => Promise.reject(new MongoNetworkTimeoutError('timed out'));
const slowAnswer = () => new Promise((resolve) => setTimeout(() => resolve('ok'), 20));

function breaker(changes: BreakerState[] = []) {
  return new DependencyBreaker('MongoDB', {
    failures: 3,
    halfOpenAfterMs: 50,
    onStateChange: (_dependency, state) => changes.push(state),
  });
}

it('when calls fail as unavailable that many times in a row, then it opens and fails at once', async () => {
  const subject = breaker();
  for (let i = 0; i < 3; i++) await expect(subject.run(timeout)).rejects.toThrow('timed out');
  expect(subject.state).toBe('open');
  const call = jest.fn(slowAnswer);
  await expect(subject.run(call)).rejects.toBeInstanceOf(DependencyUnavailableError);
  expect(call).not.toHaveBeenCalled();
});

it('when the dependency is slow but answers, between failures, then it never opens', async () => {
  const subject = breaker();
  for (let i = 0; i < 20; i++) {
    await expect(subject.run(timeout)).rejects.toThrow();
    await expect(subject.run(timeout)).rejects.toThrow();
    await expect(subject.run(slowAnswer)).resolves.toBe('ok');
  }
  expect(subject.state).toBe('closed');
});

it('when a call fails with an answer (a duplicate key), then it does not count', async () => {
  const subject = breaker();
  const duplicate = () => Promise.reject(new MongoServerError({ message: 'E11000', code: 11000 }));
  for (let i = 0; i < 10; i++) await expect(subject.run(duplicate)).rejects.toThrow('E11000');
  expect(subject.state).toBe('closed');
});

it('when the half-open probe succeeds, then it closes; when it fails, then it opens again', async () => {
  const changes: BreakerState[] = [];
  const subject = breaker(changes);
  for (let i = 0; i < 3; i++) await expect(subject.run(timeout)).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 60));
  await expect(subject.run(timeout)).rejects.toThrow('timed out');
  expect(subject.state).toBe('open');
  await new Promise((resolve) => setTimeout(resolve, 60));
  await expect(subject.run(slowAnswer)).resolves.toBe('ok');
  expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
});
