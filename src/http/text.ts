// Strings whose rules the OpenAPI document can state exactly. Lengths count characters (code
// points), as JSON Schema does, not UTF-16 units; "blank" means only the characters that
// String.prototype.trim removes, spelled out because regex dialects disagree on `\s`.
import { z } from 'zod';

const TRIMMED =
  '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Matches a string with at least one character that is not blank. */
export const NOT_BLANK = new RegExp(`[^${TRIMMED}]`);
/** Matches a string without C0 or C1 control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const NO_CONTROLS = /^[^\u0000-\u001f\u007f-\u009f]*$/;

const characters = (value: string) => [...value].length;

interface TextRules {
  min?: number;
  max: number;
  /** Rejects strings made only of blank characters; the value is stored trimmed. */
  notBlank?: boolean;
  noControls?: boolean;
}

/** A string of `min`..`max` characters; with `notBlank`, trimmed after the checks. */
export function text({ min = 0, max, notBlank = false, noControls = false }: TextRules) {
  let schema = z
    .string()
    .refine(
      (value) => characters(value) >= min,
      min === 1 ? 'must not be empty' : `must be at least ${min} characters`,
    )
    .refine((value) => characters(value) <= max, `must be at most ${max} characters`);
  if (noControls) schema = schema.regex(NO_CONTROLS, 'must not contain control characters');
  if (notBlank) schema = schema.regex(NOT_BLANK, 'must not be blank').trim();
  return schema.meta({ ...(min > 0 ? { minLength: min } : {}), maxLength: max });
}
