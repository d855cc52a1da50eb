// The one place where errors become RFC 9457 problem responses.
import { AppError, errors } from '../platform/errors';
import { unavailableDependency } from '../platform/dependencies';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { AppContext, Next } from './context';

export const PROBLEM_TYPE_PREFIX = 'urn:judix:problem:';

function toAppError(error: unknown, metrics: Metrics): AppError | undefined {
  if (error instanceof AppError) return error;
  const dependency = unavailableDependency(error);
  if (dependency) {
    metrics.dependencyErrors.inc({ dependency });
    return errors.dependencyDown(dependency);
  }
  const status = (error as { status?: number }).status;
  if (status === 405) {
    return errors.methodNotAllowed(
      String((error as { headers?: { Allow?: string } }).headers?.Allow ?? ''),
    );
  }
  if (status === 404) return errors.notFound();
  return undefined;
}

export function problems(logger: Logger, metrics: Metrics) {
  return async function problemMapper(ctx: AppContext, next: Next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw errors.notFound('No such route.');
    } catch (error) {
      const known = toAppError(error, metrics);
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
    }
  };
}
