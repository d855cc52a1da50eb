// The request budget: a request answers within `budgetMs`, whatever is still in flight. Each
// dependency call also carries its own deadline (MongoDB `timeoutMS`, Redis `commandTimeout`, the
// lock wait), so the work left behind ends soon after; this bound is what the client sees.
import type { AppContext, Next } from '../http/context';
import { errors } from './errors';

export function requestBudget(budgetMs: number) {
  return async function withinBudget(ctx: AppContext, next: Next) {
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
