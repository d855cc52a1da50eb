// Request validation with zod: the same schemas feed the OpenAPI document.
import type { z } from 'zod';
import { errors, type FieldError } from '../platform/errors';

export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses input with the schema or throws a 400 problem listing every invalid field. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  detail?: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.invalidInput(fieldErrors(result.error.issues), detail);
  return result.data;
}
