// How Graph routes declare what they need, so the pipeline can answer 401/403/404 uniformly.
import type { EmRequest, EmResponse } from './http';
import type { UserRecord } from '../state/model';
import type { EmulatorCore } from './core';
import type { BodyShape } from '../schema/check';

/** Which service answers: decides error codes and whether an application access policy applies. */
export type GraphService = 'directory' | 'calendar' | 'mail' | 'todo' | 'batch' | 'subscriptions';

export interface AccessClaims {
  tid: string;
  appid: string;
  roles: string[];
  exp: number;
}

export interface GraphCtx {
  core: EmulatorCore;
  req: EmRequest;
  claims: AccessClaims;
  /** The mailbox named by {user} in the path, resolved. */
  user: UserRecord;
}

export interface GraphRouteSpec {
  service: GraphService;
  /** Any one of these application roles grants access. */
  anyRole: string[];
}

export type GraphHandler = (ctx: GraphCtx, params: Record<string, string>) => EmResponse | Promise<EmResponse>;

export interface GraphRouteEntry {
  spec: GraphRouteSpec;
  handler: GraphHandler;
  /** The request body's schema type: a body Graph's schema refuses answers 400 before the handler runs. */
  accepts?: BodyShape;
  /** The schema type of the entity answered (or of each item of a collection answer). */
  renders?: string;
}

export const ROLES = {
  usersRead: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  calendarsRead: ['Calendars.Read', 'Calendars.ReadBasic.All', 'Calendars.ReadWrite'],
  calendarsWrite: ['Calendars.ReadWrite'],
  tasksRead: ['Tasks.Read.All', 'Tasks.ReadWrite.All'],
  tasksWrite: ['Tasks.ReadWrite.All'],
  mailRead: ['Mail.Read', 'Mail.ReadWrite', 'Mail.ReadBasic.All', 'Mail.ReadBasic'],
  mailSend: ['Mail.Send'],
} as const;
