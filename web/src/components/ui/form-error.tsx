import { ApiError, NetworkError } from '@/lib/api-client';

/** The message a person should read for a failed request, in words that say what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof NetworkError) return error.message;
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    if (error.status >= 500) return 'Judix had a problem on its side. Try again in a moment.';
    return error.problem.detail ?? error.problem.title ?? 'The request was refused.';
  }
  return 'Something went wrong. Try again.';
}

/** The API's field messages as one sentence ("Title must be at most 200 characters."), or null. */
export function fieldErrorsMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const sentences = error.problem.errors.map(({ path, message }) => {
    const field = path.split('.')[0] || 'The request';
    return `${field.charAt(0).toUpperCase()}${field.slice(1)} ${message}.`;
  });
  return sentences.join(' ');
}

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
