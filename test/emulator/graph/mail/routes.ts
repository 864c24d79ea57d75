// Graph mail endpoints: folders, folder messages and their delta, single messages, attachments, sendMail.
import type { EmulatorCore } from '../../core/core';
import { json, noContent, GraphHttpError } from '../../core/http';
import { ROLES, type GraphCtx } from '../../core/graphRoute';
import { applySelect, contextUrl, linkWith, parseJsonBody, preferenceApplied } from '../odata';
import { requestedPageSize, type ChangeType } from '../delta';
import { respondDelta } from '../deltaResponse';
import { findFolder, findMessage, parseReceivedFilter, passesFilter, renderAttachment, renderFolder, renderMessage, sendMail, type StoredAttachment } from './messages';
import type { MessageRecord } from '../../state/model';

const CHANGE_TYPES: ChangeType[] = ['created', 'updated', 'deleted'];

function listFolders(ctx: GraphCtx) {
  const { user, req } = ctx;
  const value = [...user.mailbox.folders.values()].map((f) => applySelect(renderFolder(user, f), req.query.get('$select')));
  return json(200, { '@odata.context': contextUrl(req, `users('${user.id}')/mailFolders`), value });
}

function getFolder(ctx: GraphCtx, p: Record<string, string>) {
  const { user, req } = ctx;
  const f = findFolder(user, p.folder);
  return json(200, { '@odata.context': contextUrl(req, `users('${user.id}')/mailFolders/$entity`), ...applySelect(renderFolder(user, f), req.query.get('$select')) });
}

function folderMessages(ctx: GraphCtx, p: Record<string, string>) {
  const { user, req, core } = ctx;
  const f = findFolder(user, p.folder);
  const all = [...user.mailbox.messages.values()].filter((m) => m.folderId === f.id).sort((a, b) => b.receivedMs - a.receivedMs);
  const top = Number(req.query.get('$top') ?? 0) || core.config.defaultPageSize;
  const skip = Number(req.query.get('$skip') ?? 0) || 0;
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(req, `users('${user.id}')/mailFolders('${f.id}')/messages`),
    value: all.slice(skip, skip + top).map((m) => applySelect(renderMessage(m), req.query.get('$select'))),
  };
  if (skip + top < all.length) {
    body['@odata.nextLink'] = linkWith(req, `/v1.0/users/${encodeURIComponent(user.id)}/mailFolders/${encodeURIComponent(f.id)}/messages`, { $top: String(top), $skip: String(skip + top), ...(req.query.get('$select') ? { $select: req.query.get('$select') as string } : {}) });
  }
  return json(200, body);
}

function messagesDelta(ctx: GraphCtx, p: Record<string, string>) {
  const { user, req, core } = ctx;
  const f = findFolder(user, p.folder);
  const initial: Record<string, string> = {};
  for (const key of ['$select', '$filter', '$top', '$orderby', '$expand', 'changeType']) {
    const v = req.query.get(key);
    if (v !== null) initial[key] = v;
  }
  if (initial.changeType && !CHANGE_TYPES.includes(initial.changeType as ChangeType)) {
    throw new GraphHttpError(400, 'ErrorInvalidParameter', `The value '${initial.changeType}' of the parameter 'changeType' is invalid.`);
  }
  parseReceivedFilter(initial.$filter); // validates before any token is issued
  if (initial.$expand) withExpansion({}, { data: {} } as MessageRecord, initial.$expand);
  if (initial.$orderby && !/^\s*receivedDateTime(\s+desc)?\s*$/i.test(initial.$orderby)) {
    throw new GraphHttpError(400, 'ErrorInvalidUrlQuery', "The only $orderby supported by message delta is 'receivedDateTime desc'.");
  }
  return respondDelta(ctx, {
    scopeKey: `messages|${user.id}|${f.id}`,
    linkPath: `/v1.0/users/${encodeURIComponent(user.id)}/mailFolders/${encodeURIComponent(f.id)}/messages/delta`,
    initialParams: initial,
    build: (params) => {
      const filter = parseReceivedFilter(params.$filter);
      return {
        snapshot: () =>
          [...user.mailbox.messages.values()]
            .filter((m) => m.folderId === f.id && passesFilter(m.receivedMs, filter))
            .sort((a, b) => b.receivedMs - a.receivedMs || (a.id < b.id ? -1 : 1))
            .map((m) => ({ id: m.id, version: m.changeKey })),
        render: (id) => {
          const m = user.mailbox.messages.get(id);
          if (!m || m.folderId !== f.id) return undefined;
          return { '@odata.type': '#microsoft.graph.message', ...withExpansion(applySelect(renderMessage(m), params.$select ?? null), m, params.$expand) };
        },
        removed: (id) => ({ '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } }),
      };
    },
    changeTypes: (params) => (params.changeType ? new Set([params.changeType as ChangeType]) : undefined),
    context: contextUrl(req, 'Collection(message)'),
    headers: preferenceApplied(req, [], false),
    pageSize: requestedPageSize(req.headers.prefer, null, core.config.defaultPageSize),
  });
}

/** $expand=attachments or attachments($select=a,b): the message's file attachments inline. */
function withExpansion(item: Record<string, unknown>, m: MessageRecord, expand: string | null | undefined): Record<string, unknown> {
  if (!expand) return item;
  const match = /(?:^|,)\s*attachments(?:\(\$select=([^)]*)\))?/i.exec(expand);
  if (!match) throw new GraphHttpError(400, 'BadRequest', `Could not find a property named '${expand.split('(')[0].trim()}' on type 'microsoft.graph.message'.`);
  const select = match[1] ?? null;
  const attachments = ((m.data.attachments as StoredAttachment[]) ?? []).map((a) => applySelect(renderAttachment(a, m), select));
  return { ...item, attachments };
}

function getMessage(ctx: GraphCtx, p: Record<string, string>) {
  const m = findMessage(ctx.user, p.id);
  const body = withExpansion(applySelect(renderMessage(m), ctx.req.query.get('$select')), m, ctx.req.query.get('$expand'));
  return json(200, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/messages/$entity`), ...body }, preferenceApplied(ctx.req, [], false));
}

function listAttachments(ctx: GraphCtx, p: Record<string, string>) {
  const m = findMessage(ctx.user, p.id);
  const value = ((m.data.attachments as StoredAttachment[]) ?? []).map((a) => applySelect(renderAttachment(a, m), ctx.req.query.get('$select')));
  return json(200, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/messages('${m.id}')/attachments`), value });
}

function postSendMail(ctx: GraphCtx) {
  sendMail(ctx.user, parseJsonBody(ctx.req), (address) => ctx.core.state.findUser(address));
  return noContent(202);
}

export function registerMailRoutes(core: EmulatorCore): void {
  const read = { service: 'mail' as const, anyRole: [...ROLES.mailRead] };
  const send = { service: 'mail' as const, anyRole: [...ROLES.mailSend] };
  const r = core.graphRouter;
  r.add('GET', '/v1.0/users/{user}/mailFolders', { spec: read, handler: listFolders, renders: 'mailFolder' });
  r.add('GET', '/v1.0/users/{user}/mailFolders/{folder}/messages/delta', { spec: read, handler: messagesDelta, renders: 'message' });
  r.add('GET', '/v1.0/users/{user}/mailFolders/{folder}/messages', { spec: read, handler: folderMessages, renders: 'message' });
  r.add('GET', '/v1.0/users/{user}/mailFolders/{folder}', { spec: read, handler: getFolder, renders: 'mailFolder' });
  r.add('GET', '/v1.0/users/{user}/messages/{id}/attachments', { spec: read, handler: listAttachments, renders: 'attachment' });
  r.add('GET', '/v1.0/users/{user}/messages/{id}', { spec: read, handler: getMessage, renders: 'message' });
  r.add('POST', '/v1.0/users/{user}/sendMail', { spec: send, handler: postSendMail, accepts: { action: 'user.sendMail' } });
}
