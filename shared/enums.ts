// Microsoft Graph's enumerations the plugin stores, declared once for the content-type schemas and the
// resource adapters (Graph v1.0: importance, freeBusyStatus, sensitivity, taskStatus, bodyType, responseType).

export const IMPORTANCES = ['low', 'normal', 'high'] as const;
export const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] as const;
export const SENSITIVITIES = ['normal', 'personal', 'private', 'confidential'] as const;
export const RESPONSES = ['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded'] as const;
export const TASK_STATUSES = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'] as const;
export const BODY_TYPES = ['html', 'text'] as const;
