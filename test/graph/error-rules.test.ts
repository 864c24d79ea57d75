import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FullResyncRequired, fromGraphResponse, permissionFor, redact } from '../../server/src/graph/errors';

describe('error rules', () => {
  test('the permission named for each kind of Graph path', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['GET', '/users/a@b.c/events', 'Calendars.ReadWrite'],
      ['GET', "/users('a@b.c')/calendarView/delta?startDateTime=x", 'Calendars.ReadWrite'],
      ['PATCH', 'https://graph.microsoft.com/v1.0/users/a%40b.c/calendar/events/1', 'Calendars.ReadWrite'],
      ['GET', 'https://graph.microsoft.com/v1.0/users/a%40b.c/todo/lists', 'Tasks.ReadWrite.All'],
      ['GET', '/users/a@b.c/mailFolders/inbox/messages/delta', 'Mail.Read'],
      ['POST', '/users/a@b.c/messages', 'Mail.ReadWrite'],
      ['POST', '/users/a@b.c/sendMail', 'Mail.Send'],
      ['GET', '/users?$top=1', 'User.Read.All'],
      ['GET', '/users/a@b.c', 'User.Read.All'],
      ['GET', '/organization', undefined],
    ];
    for (const [method, url, permission] of cases) assert.equal(permissionFor(method, url), permission, `${method} ${url}`);
  });

  test('Graph codes that mean "the mailbox is not there" or "start over"', () => {
    for (const code of ['ErrorInvalidUser', 'MailboxNotEnabledForRESTAPI', 'MailboxNotFound']) {
      const err = fromGraphResponse({ status: 404, code, message: 'x' }, { url: '/users/x@y.z/events' });
      assert.equal(err.code, 'mailbox_not_found', code);
      assert.equal(err.mailbox, 'x@y.z');
    }
    assert.equal(fromGraphResponse({ status: 404, code: 'ErrorItemNotFound' }, { url: '/users/x@y.z/events/1' }).code, 'not_found');
    for (const [status, code] of [[410, null], [400, 'syncStateNotFound'], [400, 'resyncRequired'], [404, 'SyncStateNotFound'], [400, 'syncStateInvalid']] as const) {
      assert.ok(fromGraphResponse({ status, code }) instanceof FullResyncRequired, `${status} ${code}`);
    }
    const gone = fromGraphResponse({ status: 410, location: 'https://graph/v1.0/users/x/events/delta' });
    assert.equal((gone as FullResyncRequired).location, 'https://graph/v1.0/users/x/events/delta');
  });

  test('statuses map to stable codes with actionable messages', () => {
    const throttled = fromGraphResponse({ status: 429, code: 'ApplicationThrottled', retryAfter: '7' }, { method: 'GET', url: '/users/x@y.z/events' });
    assert.equal(throttled.code, 'throttled');
    assert.equal(throttled.retryAfterSeconds, 7);
    assert.equal(fromGraphResponse({ status: 503 }).code, 'throttled');
    assert.equal(fromGraphResponse({ status: 412 }).code, 'precondition_failed');
    assert.equal(fromGraphResponse({ status: 400, code: 'ErrorInvalidRequest' }).code, 'invalid_request');
    assert.equal(fromGraphResponse({ status: 401, code: 'InvalidAuthenticationToken' }).code, 'token_rejected');
    const blocked = fromGraphResponse(
      { status: 403, code: 'ErrorAccessDenied', message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.' },
      { url: '/users/x@y.z/messages' },
    );
    assert.equal(blocked.code, 'mailbox_blocked');
    assert.equal(fromGraphResponse({ status: 500, code: 'generalException' }).code, 'graph_error');
  });

  test('redact removes every occurrence of each secret', () => {
    assert.equal(redact('a s3cr3t b s3cr3t', ['s3cr3t', undefined]), 'a [redacted] b [redacted]');
  });
});
