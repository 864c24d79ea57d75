// Shared pieces of the plugin's content-type schemas.

export const VISIBLE = {
  'content-manager': { visible: true },
  'content-type-builder': { visible: false },
} as const;

export const HIDDEN = {
  'content-manager': { visible: false },
  'content-type-builder': { visible: false },
} as const;

export const NO_DRAFTS = { draftAndPublish: false } as const;

export const mailboxRelation = {
  type: 'relation',
  relation: 'manyToOne',
  target: 'plugin::microsoft-365.mailbox',
} as const;

export const IMPORTANCE = { type: 'enumeration', enum: ['low', 'normal', 'high'], default: 'normal' } as const;
