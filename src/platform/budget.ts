// The request budget: a request answers within `budgetMs`, whatever is still in flight. Each
// dependency call also carries its own deadline (MongoDB `timeoutMS`, Redis `commandTimeout`, the
// lock wait), so the work left behind ends soon after; this bound is what the client sees.
import type { AppContext, Next } from '../http/context';
import { errors } from './errors';

//
// An operation that does more by design (an import writes up to thousands of tasks, a project
// deletion moves or deletes them, in batches that each stay within the budget) gets a larger one,
// by its method and route template (`DELETE /api/v1/projects/:id`).
export function requestBudget(defaultMs: number, byOperation: Record<string, number> = {}) {
  return async function withinBudget(ctx: AppContext, next: Next) {
    const budgetMs =
      (ctx.state.route && byOperation[`${ctx.method} ${ctx.state.route}`]) || defaultMs;
    let timer: NodeJS.Timeout | undefined;
    const spent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctx.state.budgetSpent = true;
        reject(errors.budgetSpent(budgetMs));
      }, budgetMs);
    });
    try {
      await Promise.race([next(), spent]);
    } finally {
      clearTimeout(timer);
    }
  };
}
