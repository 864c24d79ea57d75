// Graph To Do endpoints: lists (+delta) and tasks (+delta) under /users/{id}/todo.
import type { EmulatorCore } from '../../core/core';
import { json, noContent } from '../../core/http';
import { ROLES, type GraphCtx } from '../../core/graphRoute';
import { applySelect, contextUrl, linkWith, parseJsonBody } from '../odata';
import { requestedPageSize } from '../delta';
import { respondDelta } from '../deltaResponse';
import { createList, createTask, deleteList, deleteTask, findList, findTask, renderList, renderTask, updateList, updateTask } from './tasks';

function page(ctx: GraphCtx, items: Array<Record<string, unknown>>, path: string, context: string) {
  const { req, core } = ctx;
  const top = Number(req.query.get('$top') ?? 0) || 0;
  const skip = Number(req.query.get('$skip') ?? 0) || 0;
  const size = top || requestedPageSize(req.headers.prefer, null, Math.max(core.config.defaultPageSize, 100)).size;
  const body: Record<string, unknown> = { '@odata.context': context, value: items.slice(skip, skip + size).map((i) => applySelect(i, req.query.get('$select'))) };
  if (skip + size < items.length) body['@odata.nextLink'] = linkWith(req, path, { ...(top ? { $top: String(top) } : {}), $skip: String(skip + size) });
  return json(200, body);
}

const base = (ctx: GraphCtx) => `/v1.0/users/${encodeURIComponent(ctx.user.id)}/todo/lists`;

function listLists(ctx: GraphCtx) {
  const items = [...ctx.user.mailbox.todoLists.values()].map(renderList);
  return page(ctx, items, base(ctx), contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists`));
}

function postList(ctx: GraphCtx) {
  const list = createList(ctx.user, parseJsonBody(ctx.req).displayName as string);
  return json(201, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists/$entity`), ...renderList(list) });
}

function getList(ctx: GraphCtx, p: Record<string, string>) {
  return json(200, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists/$entity`), ...renderList(findList(ctx.user, p.listId)) });
}

function patchList(ctx: GraphCtx, p: Record<string, string>) {
  return json(200, renderList(updateList(ctx.user, p.listId, parseJsonBody(ctx.req))));
}

function removeList(ctx: GraphCtx, p: Record<string, string>) {
  deleteList(ctx.user, p.listId);
  return noContent();
}

function listsDelta(ctx: GraphCtx) {
  const { user, req, core } = ctx;
  return respondDelta(ctx, {
    scopeKey: `todoLists|${user.id}`,
    linkPath: `${base(ctx)}/delta`,
    initialParams: bakedParams(ctx),
    build: (params) => ({
      snapshot: () => [...user.mailbox.todoLists.values()].map((l) => ({ id: l.id, version: l.changeKey })),
      render: (id) => {
        const l = user.mailbox.todoLists.get(id);
        return l ? { '@odata.type': '#microsoft.graph.todoTaskList', ...applySelect(renderList(l), params.$select ?? null) } : undefined;
      },
      removed: (id) => ({ '@odata.type': '#microsoft.graph.todoTaskList', id, '@removed': { reason: 'deleted' } }),
    }),
    context: contextUrl(req, 'Collection(todoTaskList)'),
    headers: {},
    pageSize: requestedPageSize(req.headers.prefer, null, core.config.defaultPageSize),
  });
}

function listTasks(ctx: GraphCtx, p: Record<string, string>) {
  const list = findList(ctx.user, p.listId);
  const items = [...list.tasks.values()].map(renderTask);
  return page(ctx, items, `${base(ctx)}/${encodeURIComponent(list.id)}/tasks`, contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists('${list.id}')/tasks`));
}

function postTask(ctx: GraphCtx, p: Record<string, string>) {
  const task = createTask(ctx.user, p.listId, parseJsonBody(ctx.req));
  return json(201, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists('${p.listId}')/tasks/$entity`), ...renderTask(task) });
}

function getTask(ctx: GraphCtx, p: Record<string, string>) {
  const task = findTask(ctx.user, p.listId, p.taskId);
  return json(200, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists('${p.listId}')/tasks/$entity`), ...applySelect(renderTask(task), ctx.req.query.get('$select')) });
}

function patchTask(ctx: GraphCtx, p: Record<string, string>) {
  const task = updateTask(ctx.user, findTask(ctx.user, p.listId, p.taskId), parseJsonBody(ctx.req), ctx.req.headers['if-match']);
  return json(200, { '@odata.context': contextUrl(ctx.req, `users('${ctx.user.id}')/todo/lists('${p.listId}')/tasks/$entity`), ...renderTask(task) });
}

function removeTask(ctx: GraphCtx, p: Record<string, string>) {
  deleteTask(ctx.user, findTask(ctx.user, p.listId, p.taskId), ctx.req.headers['if-match']);
  return noContent();
}

/** $select and $top given on the first request of a round, baked into its tokens. */
function bakedParams(ctx: GraphCtx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['$select', '$top']) {
    const v = ctx.req.query.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

function tasksDelta(ctx: GraphCtx, p: Record<string, string>) {
  const { user, req, core } = ctx;
  const list = findList(user, p.listId);
  return respondDelta(ctx, {
    scopeKey: `todoTasks|${user.id}|${list.id}`,
    linkPath: `${base(ctx)}/${encodeURIComponent(list.id)}/tasks/delta`,
    initialParams: bakedParams(ctx),
    build: (params) => ({
      snapshot: () => [...(user.mailbox.todoLists.get(list.id)?.tasks.values() ?? [])].map((t) => ({ id: t.id, version: t.changeKey })),
      render: (id) => {
        const t = user.mailbox.todoLists.get(list.id)?.tasks.get(id);
        return t ? { '@odata.type': '#microsoft.graph.todoTask', ...applySelect(renderTask(t), params.$select ?? null) } : undefined;
      },
      removed: (id) => ({ '@odata.type': '#microsoft.graph.todoTask', id, '@removed': { reason: 'deleted' } }),
    }),
    context: contextUrl(req, 'Collection(todoTask)'),
    headers: {},
    pageSize: requestedPageSize(req.headers.prefer, null, core.config.defaultPageSize),
  });
}

export function registerTodoRoutes(core: EmulatorCore): void {
  const read = { service: 'todo' as const, anyRole: [...ROLES.tasksRead] };
  const write = { service: 'todo' as const, anyRole: [...ROLES.tasksWrite] };
  const r = core.graphRouter;
  const b = '/v1.0/users/{user}/todo/lists';
  r.add('GET', `${b}/delta`, { spec: read, handler: listsDelta, renders: 'todoTaskList' });
  r.add('GET', b, { spec: read, handler: listLists, renders: 'todoTaskList' });
  r.add('POST', b, { spec: write, handler: postList, accepts: { type: 'todoTaskList' }, renders: 'todoTaskList' });
  r.add('GET', `${b}/{listId}/tasks/delta`, { spec: read, handler: tasksDelta, renders: 'todoTask' });
  r.add('GET', `${b}/{listId}/tasks`, { spec: read, handler: listTasks, renders: 'todoTask' });
  r.add('POST', `${b}/{listId}/tasks`, { spec: write, handler: postTask, accepts: { type: 'todoTask' }, renders: 'todoTask' });
  r.add('GET', `${b}/{listId}/tasks/{taskId}`, { spec: read, handler: getTask, renders: 'todoTask' });
  r.add('PATCH', `${b}/{listId}/tasks/{taskId}`, { spec: write, handler: patchTask, accepts: { type: 'todoTask' }, renders: 'todoTask' });
  r.add('DELETE', `${b}/{listId}/tasks/{taskId}`, { spec: write, handler: removeTask });
  r.add('GET', `${b}/{listId}`, { spec: read, handler: getList, renders: 'todoTaskList' });
  r.add('PATCH', `${b}/{listId}`, { spec: write, handler: patchList, accepts: { type: 'todoTaskList' }, renders: 'todoTaskList' });
  r.add('DELETE', `${b}/{listId}`, { spec: write, handler: removeList });
}
