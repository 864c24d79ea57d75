// Words for validation issues: translated by code, so the client's and the server's read the same.
import type { FieldErrors, FieldIssue } from '../../../api/errors';
import type { MailboxIssueCode } from '../../../../../shared/mailbox-validation';
import type { IssueCode } from '../../../../../shared/settings-validation';
import { isTranslationKey, type Translate, type TranslationKey } from './useT';

// Compile-time guard: a new issue code in the shared validation needs its sentence in en.json.
type Untranslated = Exclude<`error.${IssueCode}` | `mailbox.error.${MailboxIssueCode}`, TranslationKey>;
type Assert<T extends true> = T;
export type EveryIssueCodeIsTranslated = Assert<[Untranslated] extends [never] ? true : false>;

/** Which validation module produced the issue: the two share some codes with different wording. */
export type IssueScope = 'settings' | 'mailbox';

// Codes whose sentence needs params; the server's 400 carries the code but not the params.
const NEEDS_PARAMS = new Set(['integer', 'number', 'enum', 'tenant-multi', 'too-long', 'folders-many']);

export function describeIssue(t: Translate, scope: IssueScope, issue: FieldIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const key = scope === 'settings' ? `error.${issue.code}` : `mailbox.error.${issue.code}`;
  const needsParams = scope === 'settings' && NEEDS_PARAMS.has(issue.code ?? '');
  if (issue.code && isTranslationKey(key) && (!needsParams || issue.params)) return t(key, issue.params);
  return issue.message;
}

/** The issue at a field, or else the first one under it (e.g. `email.folders.2` for `email.folders`). */
export function issueAt(errors: FieldErrors, key: string): FieldIssue | undefined {
  if (errors[key]) return errors[key];
  const nested = Object.keys(errors).find((path) => path.startsWith(`${key}.`));
  return nested ? errors[nested] : undefined;
}
