import { BODY_TYPES, SENSITIVITIES, SHOW_AS } from '../../../shared/enums';
import { IMPORTANCE, NO_DRAFTS, VISIBLE, mailboxRelation } from './schema-helpers';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_calendar_events',
    info: { singularName: 'calendar-event', pluralName: 'calendar-events', displayName: 'Calendar event', description: 'An Outlook calendar event' },
    options: NO_DRAFTS,
    pluginOptions: VISIBLE,
    // Graph's texts are `text` columns: Strapi makes every `string` a varchar(255) whatever maxLength says.
    attributes: {
      subject: { type: 'text' },
      body: { type: 'text' },
      // html | text as Graph's itemBody.contentType; empty means "html if it has tags".
      bodyType: { type: 'enumeration', enum: [...BODY_TYPES] },
      location: { type: 'text' },
      start: { type: 'datetime', required: true },
      end: { type: 'datetime', required: true },
      isAllDay: { type: 'boolean', default: false },
      timeZone: { type: 'string', maxLength: 100 },
      attendees: { type: 'json' },
      isCancelled: { type: 'boolean', default: false },
      recurrence: { type: 'json' },
      showAs: { type: 'enumeration', enum: [...SHOW_AS], default: 'busy' },
      importance: IMPORTANCE,
      sensitivity: { type: 'enumeration', enum: [...SENSITIVITIES], default: 'normal' },
      categories: { type: 'json' },
      isReminderOn: { type: 'boolean', default: true },
      reminderMinutesBeforeStart: { type: 'integer', min: 0 },
      // An occurrence edited or cancelled in Outlook: the Graph id of its series master and the start
      // it had in the series. Empty for single events and series masters.
      seriesMasterId: { type: 'text' },
      originalStart: { type: 'datetime' },
      mailbox: mailboxRelation,
    },
  },
};
