import { ACTIONS } from '../../../shared/plugin';
import type controllers from '../controllers';

type Controllers = typeof controllers;
/** "controller.action" for every action a controller has: a route naming another fails to compile. */
type Handler = { [C in keyof Controllers]: `${C}.${keyof ReturnType<Controllers[C]> & string}` }[keyof Controllers];

const can = (action: string) => ({ policies: [{ name: 'admin::hasPermissions', config: { actions: [action] } }] });

interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
  config: ReturnType<typeof can>;
}

interface PublicRoute {
  method: 'POST';
  path: string;
  handler: Handler;
  config: { auth: false };
}

// Admin routes: served under /microsoft-365/..., admin JWT required.
export default {
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/settings', handler: 'settings.get', config: can(ACTIONS.settingsRead) },
      { method: 'PUT', path: '/settings', handler: 'settings.update', config: can(ACTIONS.settingsUpdate) },
      { method: 'GET', path: '/mailboxes', handler: 'mailboxes.find', config: can(ACTIONS.settingsRead) },
      { method: 'POST', path: '/mailboxes', handler: 'mailboxes.create', config: can(ACTIONS.settingsUpdate) },
      { method: 'PUT', path: '/mailboxes/:documentId', handler: 'mailboxes.update', config: can(ACTIONS.settingsUpdate) },
      { method: 'DELETE', path: '/mailboxes/:documentId', handler: 'mailboxes.delete', config: can(ACTIONS.settingsUpdate) },
      { method: 'POST', path: '/mailboxes/:documentId/unlink', handler: 'sync.unlink', config: can(ACTIONS.syncRun) },
      { method: 'POST', path: '/mailboxes/:documentId/purge', handler: 'sync.purge', config: can(ACTIONS.syncRun) },
      { method: 'POST', path: '/connection/test', handler: 'connection.test', config: can(ACTIONS.settingsUpdate) },
      { method: 'GET', path: '/owners', handler: 'mailboxes.owners', config: can(ACTIONS.settingsUpdate) },
      { method: 'POST', path: '/sync', handler: 'sync.run', config: can(ACTIONS.syncRun) },
      { method: 'GET', path: '/sync/status', handler: 'sync.status', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/sync/runs', handler: 'sync.runs', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/sync/runs/:id', handler: 'sync.getRun', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/deletions', handler: 'deletions.list', config: can(ACTIONS.settingsRead) },
      { method: 'POST', path: '/deletions/approve', handler: 'deletions.approve', config: can(ACTIONS.syncRun) },
      { method: 'POST', path: '/deletions/discard', handler: 'deletions.discard', config: can(ACTIONS.syncRun) },
      { method: 'GET', path: '/quarantine', handler: 'quarantine.list', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/alerts', handler: 'alerts.get', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/content-mappings', handler: 'contentMappings.find', config: can(ACTIONS.settingsRead) },
      { method: 'GET', path: '/content-mappings/types', handler: 'contentMappings.types', config: can(ACTIONS.settingsRead) },
      { method: 'PUT', path: '/content-mappings', handler: 'contentMappings.replace', config: can(ACTIONS.settingsUpdate) },
      { method: 'POST', path: '/content-mappings/preview', handler: 'contentMappings.preview', config: can(ACTIONS.settingsUpdate) },
    ] satisfies AdminRoute[],
  },
  // Public routes, served under /api/microsoft-365/...: Graph posts change notifications here
  // (README "Live updates"); each request proves itself by its subscription's clientState.
  'content-api': {
    type: 'content-api',
    routes: [
      { method: 'POST', path: '/notifications', handler: 'notifications.change', config: { auth: false } },
      { method: 'POST', path: '/notifications/lifecycle', handler: 'notifications.lifecycle', config: { auth: false } },
    ] satisfies PublicRoute[],
  },
};
