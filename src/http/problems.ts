// The one place where errors become RFC 9457 problem responses.
import { AppError, errors, withUnknownOutcome } from '../platform/errors';
import { unavailableDependency } from '../platform/dependencies';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { AppContext, Next } from './context';

export const PROBLEM_TYPE_PREFIX = 'urn:judix:problem:';

function toAppError(error: unknown, metrics: Metrics, logger: Logger): AppError | undefined {
  if (error instanceof AppError) return error;
  const dependency = unavailableDependency(error);
  if (dependency) {
    metrics.dependencyErrors.inc({ dependency });
    const { name, message } = error as Error;
    logger.warn({ dependency, err: { name, message } }, 'dependency unavailable');
    return errors.dependencyDown(dependency);
  }
  return undefined;
}

export function problems(logger: Logger, metrics: Metrics) {
  return async function problemMapper(ctx: AppContext, next: Next) {
    try {
      await next();
      // The routers leave unmatched paths and methods without a body; they become problems here.
      if (ctx.body === undefined && ctx.status === 404) throw errors.notFound('No such route.');
      if (ctx.body === undefined && ctx.status === 405) {
        throw errors.methodNotAllowed(ctx.response.get('Allow'));
      }
    } catch (error) {
      const mapped = toAppError(error, metrics, logger);
      const known = mapped && withUnknownOutcome(mapped, ctx.method);
      const problem =
        known ?? new AppError(500, 'internal', 'Internal error', 'An unexpected error occurred.');
      if (!known) logger.error({ err: error, requestId: ctx.state.requestId }, 'unhandled error');
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      for (const [name, value] of Object.entries(problem.extras.headers ?? {}))
        ctx.set(name, value);
      ctx.body = {
        type: `${PROBLEM_TYPE_PREFIX}${problem.id}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: ctx.path,
        requestId: ctx.state.requestId,
        ...(problem.extras.errors ? { errors: problem.extras.errors } : {}),
      };
      ctx.set('Content-Type', 'application/problem+json; charset=utf-8');
    }
  };
}
