import { RUN_ACTIONS, RUN_STATUSES, TRIGGERS } from '../../../shared/api';
import { HIDDEN, NO_DRAFTS } from './schema-helpers';

// Run history: the runs GET /sync/runs answers (shared/api.ts SyncRun). `request` keeps what was asked for (mailboxes, resources, fromScratch).
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'ms365_sync_runs',
    info: { singularName: 'sync-run', pluralName: 'sync-runs', displayName: 'Sync run' },
    options: NO_DRAFTS,
    pluginOptions: HIDDEN,
    attributes: {
      trigger: { type: 'enumeration', enum: [...TRIGGERS], required: true },
      status: { type: 'enumeration', enum: [...RUN_STATUSES], required: true },
      action: { type: 'enumeration', enum: [...RUN_ACTIONS], default: 'sync' },
      // The mailboxes the run covered as ",a@x.com,b@y.com,": GET /sync/runs?mailbox= matches one with
      // a LIKE that every database answers alike (the results are JSON, which each one queries its own way).
      mailboxes: { type: 'text' },
      startedAt: { type: 'datetime', required: true },
      finishedAt: { type: 'datetime' },
      results: { type: 'json' },
      request: { type: 'json' },
    },
    // History is read newest first.
    indexes: [{ name: 'ms365_sync_runs_started_at', columns: ['started_at'] }],
  },
};
