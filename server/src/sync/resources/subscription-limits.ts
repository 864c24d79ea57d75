// How long Graph lets a change-notification subscription live, per resource (subscription resource
// type, "Maximum length of subscription per resource type"), for subscriptions without resource data.

/** Outlook messages, events and contacts: 10,080 minutes (under 7 days). */
export const OUTLOOK_SUBSCRIPTION_MINUTES = 10_080;
/** To Do tasks: 4,230 minutes (under 3 days). */
export const TODO_SUBSCRIPTION_MINUTES = 4_230;
