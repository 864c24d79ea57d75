// Turns a failed request into errors keyed by field path, so each shows beside its field.
import { isFetchError } from '@strapi/strapi/admin';

/** One problem with one field: `code` and `params` let the page translate it; `message` is the fallback. */
export interface FieldIssue {
  path: string[];
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

export type FieldErrors = Record<string, FieldIssue>;

export const pathKey = (path: readonly string[]) => path.join('.');

/** First issue per path wins: that is the one shown. */
export function indexIssues(issues: readonly FieldIssue[]): FieldErrors {
  const byPath: FieldErrors = {};
  for (const issue of issues) byPath[pathKey(issue.path)] ??= issue;
  return byPath;
}

interface ServerIssue {
  path?: unknown;
  message?: unknown;
  code?: unknown;
}

/** The ValidationError's per-field entries, or null when the failure is not a validation error. */
export function serverFieldIssues(error: unknown): FieldIssue[] | null {
  if (!isFetchError(error)) return null;
  const body = error.response?.data?.error as { name?: string; details?: { errors?: ServerIssue[] } } | undefined;
  if (body?.name !== 'ValidationError' || !Array.isArray(body.details?.errors)) return null;
  return body.details.errors.map((entry) => ({
    path: Array.isArray(entry.path) ? entry.path.map(String) : [],
    message: typeof entry.message === 'string' ? entry.message : '',
    ...(typeof entry.code === 'string' ? { code: entry.code } : {}),
  }));
}

/** A one-line reason for a failed request, for a notification. */
export function requestErrorMessage(error: unknown): string | null {
  if (isFetchError(error)) return error.response?.data?.error?.message ?? error.message;
  return error instanceof Error ? error.message : null;
}
