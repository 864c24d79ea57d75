// The calendar view's Content Manager queries and task order (admin/src/pages/Calendar/utils).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { entryPath, eventFilters, taskFilters } from '../../admin/src/pages/Calendar/utils/contentManagerQuery';
import { byDueDate, isOverdue } from '../../admin/src/pages/Calendar/utils/tasks';
import { UID } from '../../shared/plugin';

describe('eventFilters', () => {
  const range = { start: new Date('2026-12-06T00:00:00.000Z'), end: new Date('2026-12-13T00:00:00.000Z') };

  test('asks for overlapping entries, series begun before the end, and exceptions of occurrences in the range, a day wider each side', () => {
    assert.deepEqual(eventFilters(range, null), {
      $and: [
        {
          $or: [
            { $and: [{ start: { $lt: '2026-12-14T00:00:00.000Z' } }, { end: { $gt: '2026-12-05T00:00:00.000Z' } }] },
            { $and: [{ recurrence: { $notNull: true } }, { start: { $lt: '2026-12-14T00:00:00.000Z' } }] },
            { $and: [{ originalStart: { $gte: '2026-12-05T00:00:00.000Z' } }, { originalStart: { $lt: '2026-12-14T00:00:00.000Z' } }] },
          ],
        },
      ],
    });
  });

  test('a chosen mailbox narrows both the events and the tasks', () => {
    assert.deepEqual((eventFilters(range, 'mb1') as { $and: unknown[] }).$and[0], { mailbox: { documentId: { $eq: 'mb1' } } });
    assert.deepEqual(taskFilters('mb1'), { $and: [{ mailbox: { documentId: { $eq: 'mb1' } } }] });
    assert.deepEqual(taskFilters(null), {});
  });

  test('entry paths are the Content Manager edit views', () => {
    assert.equal(entryPath(UID.calendarEvent, 'abc'), '/content-manager/collection-types/plugin::microsoft-365.calendar-event/abc');
  });
});

describe('task order', () => {
  test('by due date, those without one last, then by title', () => {
    const tasks = [
      { title: 'b', dueDate: null },
      { title: 'late', dueDate: '2026-12-20' },
      { title: 'a', dueDate: null },
      { title: 'soon', dueDate: '2026-12-10' },
    ];
    assert.deepEqual([...tasks].sort(byDueDate).map((task) => task.title), ['soon', 'late', 'a', 'b']);
  });

  test('overdue: open and due before today', () => {
    assert.equal(isOverdue({ dueDate: '2026-12-01', taskStatus: 'notStarted' }, '2026-12-07'), true);
    assert.equal(isOverdue({ dueDate: '2026-12-01', taskStatus: 'completed' }, '2026-12-07'), false);
    assert.equal(isOverdue({ dueDate: '2026-12-07', taskStatus: 'inProgress' }, '2026-12-07'), false);
    assert.equal(isOverdue({ dueDate: null, taskStatus: 'notStarted' }, '2026-12-07'), false);
  });
});
