import { errors } from '@strapi/utils';
import type { FieldError } from '../../../shared/settings';

/** Strapi's ValidationError (400) with one entry per bad field, as the README's Admin API promises. */
export function validationError(issues: Array<FieldError & { code?: string }>): InstanceType<typeof errors.ValidationError> {
  const message = issues.length === 1 ? `${issues[0]!.path.join('.') || 'body'}: ${issues[0]!.message}` : `${issues.length} errors occurred`;
  return new errors.ValidationError(message, {
    errors: issues.map(({ path, message: text, code }) => ({ path, message: text, name: 'ValidationError', ...(code ? { code } : {}) })),
  });
}
