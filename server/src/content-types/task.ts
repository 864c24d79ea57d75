import { TASK_STATUSES } from '../../../shared/enums';
import { IMPORTANCE, NO_DRAFTS, VISIBLE, mailboxRelation } from './schema-helpers';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_tasks',
    info: { singularName: 'task', pluralName: 'tasks', displayName: 'Task', description: 'A Microsoft To Do task' },
    options: NO_DRAFTS,
    pluginOptions: VISIBLE,
    // Graph's texts are `text` columns: Strapi makes every `string` a varchar(255) whatever maxLength says.
    attributes: {
      title: { type: 'text', required: true },
      body: { type: 'text' },
      // Not `status`: Strapi 5's Content Manager answers that name with the document's own status.
      taskStatus: {
        type: 'enumeration',
        enum: [...TASK_STATUSES],
        default: 'notStarted',
      },
      importance: IMPORTANCE,
      dueDate: { type: 'date' },
      reminderAt: { type: 'datetime' },
      completedAt: { type: 'datetime' },
      isReminderOn: { type: 'boolean', default: false },
      categories: { type: 'json' },
      listName: { type: 'text' },
      mailbox: mailboxRelation,
    },
  },
};
