import { BODY_TYPES } from '../../../shared/enums';
import { IMPORTANCE, NO_DRAFTS, VISIBLE, mailboxRelation } from './schema-helpers';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_email_messages',
    info: { singularName: 'email-message', pluralName: 'email-messages', displayName: 'Email message', description: 'A message imported from a Microsoft 365 mailbox' },
    options: NO_DRAFTS,
    pluginOptions: VISIBLE,
    // Graph's texts are `text` columns: Strapi makes every `string` a varchar(255) whatever maxLength says.
    attributes: {
      subject: { type: 'text', maxLength: 1000 },
      from: { type: 'json' },
      // `from` as the Content Manager's list can show it (it cannot show json): "Name <address>", cut at 255 with '…'.
      fromDisplay: { type: 'string', maxLength: 255 },
      to: { type: 'json' },
      cc: { type: 'json' },
      bcc: { type: 'json' },
      receivedAt: { type: 'datetime' },
      sentAt: { type: 'datetime' },
      bodyPreview: { type: 'text' },
      body: { type: 'text' },
      bodyType: { type: 'enumeration', enum: [...BODY_TYPES], default: 'html' },
      internetMessageId: { type: 'text', maxLength: 998 },
      conversationId: { type: 'string' },
      folder: { type: 'string' },
      isRead: { type: 'boolean', default: false },
      importance: IMPORTANCE,
      hasAttachments: { type: 'boolean', default: false },
      attachments: { type: 'json' },
      mailbox: mailboxRelation,
    },
  },
};
