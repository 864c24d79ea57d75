// The emulator held to Graph's published v1.0 schema (schema/graph-v1.0.json, generated from
// microsoftgraph/msgraph-metadata by schema/generate.ts): request bodies Graph refuses are refused the
// same way, and nothing the emulator answers carries a property or value the schema lacks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO } from './index';
import { useDemoEmulator } from './demoSuite';
import { getToken, graph } from './testClient';
import { GRAPH_SCHEMA, checkRenderedBody, checkRequestBody } from './schema/check';

const { em, g } = useDemoEmulator();
const [adele, alex] = DEMO.mailboxes;
const event = { subject: 'Plan', start: { dateTime: '2030-02-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-02-01T10:00:00', timeZone: 'UTC' } };

async function refused(res: Promise<{ status: number; body: any }>, message: RegExp) {
  const { status, body } = await res;
  assert.equal(status, 400, JSON.stringify(body));
  assert.equal(body.error.code, 'RequestBodyRead');
  assert.match(body.error.message, message);
}

describe('the generated schema subset', () => {
  test('names its source commit and describes every type the emulator serves, and all they reference', () => {
    assert.match(GRAPH_SCHEMA.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(GRAPH_SCHEMA.source.repository, 'https://github.com/microsoftgraph/msgraph-metadata');
    for (const name of ['event', 'todoTask', 'todoTaskList', 'message', 'attachment', 'fileAttachment', 'mailFolder', 'user', 'calendar', 'patternedRecurrence', 'recurrencePattern', 'recurrenceRange', 'dateTimeTimeZone', 'attendee', 'emailAddress', 'recipient', 'itemBody', 'location']) {
      assert.ok(GRAPH_SCHEMA.types[name], name);
    }
    const known = (type: string) => type.startsWith('Edm.') || type in GRAPH_SCHEMA.types || type in GRAPH_SCHEMA.enums;
    for (const [name, type] of Object.entries(GRAPH_SCHEMA.types)) {
      if (type.base) assert.ok(GRAPH_SCHEMA.types[type.base], `${name} base ${type.base}`);
      for (const [prop, p] of Object.entries(type.properties)) assert.ok(known(p.type.replace(/^Collection\((.+)\)$/, '$1')), `${name}.${prop}: ${p.type}`);
    }
    assert.deepEqual(GRAPH_SCHEMA.enums.importance.members, ['low', 'normal', 'high']);
    assert.deepEqual(Object.keys(GRAPH_SCHEMA.actions['user.sendMail']), ['Message', 'SaveToSentItems']);
  });

  test('the generator reads CSDL: base types, enums, nullability, bound actions, and follows references', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csdl-'));
    const csdl = path.join(dir, 'mini.xml');
    const tiny = (name: string, extra = '') => `<EntityType Name="${name}" BaseType="graph.entity">${extra}</EntityType>`;
    writeFileSync(
      csdl,
      `<?xml version="1.0"?><edmx:Edmx Version="4.0"><edmx:DataServices><Schema Namespace="microsoft.graph" Alias="graph">
        <EnumType Name="importance"><Member Name="low" Value="0" /><Member Name="high" Value="1" /></EnumType>
        <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
        <ComplexType Name="itemBody"><Property Name="content" Type="Edm.String">
          <Annotation Term="Org.OData.Core.V1.Description" String="not a property" /></Property></ComplexType>
        ${tiny('user')}${tiny('application')}${tiny('calendar')}${tiny('todoTaskList')}${tiny('todoTask')}${tiny('mailFolder')}
        <EntityType Name="event" BaseType="graph.entity" OpenType="true"><Property Name="body" Type="graph.itemBody" />
          <Property Name="importance" Type="graph.importance" Nullable="false" /><NavigationProperty Name="calendar" Type="graph.calendar" /></EntityType>
        ${tiny('message')}${tiny('attachment')}
        <EntityType Name="fileAttachment" BaseType="graph.attachment"><Property Name="contentBytes" Type="Edm.Binary" /></EntityType>
        ${tiny('itemAttachment')}${tiny('referenceAttachment')}${tiny('subscription')}
        <Action Name="sendMail" IsBound="true"><Parameter Name="bindingParameter" Type="graph.user" /><Parameter Name="Message" Type="graph.message" Nullable="false" /></Action>
        <Action Name="move" IsBound="true"><Parameter Name="bindingParameter" Type="graph.message" /><Parameter Name="DestinationId" Type="Edm.String" /></Action>
      </Schema><Schema Namespace="other"><EntityType Name="event"><Property Name="x" Type="Edm.Int32" /></EntityType></Schema></edmx:DataServices></edmx:Edmx>`,
    );
    const out = path.join(dir, 'out.json');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'schema', 'generate.ts'), csdl, 'a'.repeat(40), out], { encoding: 'utf8' });
    const generated = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(generated.source.commit, 'a'.repeat(40));
    assert.deepEqual(generated.types.event, { kind: 'entity', base: 'entity', properties: { body: { type: 'itemBody' }, importance: { type: 'importance', nullable: false } }, navigation: { calendar: { type: 'calendar' } } });
    assert.deepEqual(generated.types.itemBody.properties, { content: { type: 'Edm.String' } });
    assert.equal(generated.types.entity.abstract, true);
    assert.deepEqual(generated.enums.importance, { members: ['low', 'high'] });
    assert.deepEqual(generated.actions['user.sendMail'], { Message: { type: 'message', nullable: false } });
  });
});

// Graph's answer to an unknown property: 400 RequestBodyRead "The property 'event' does not exist on
// type 'Microsoft.OutlookServices.Event'. Make sure to only use property names that are defined by the
// type or mark the type as open type." (quoted in microsoftgraph/msgraph-sdk-javascript#212 and, for
// an attendee's 'name', microsoftgraph/microsoft-graph-docs#6428).
describe('request bodies Graph refuses', () => {
  test('an unknown property on an event, at the top or nested, answers 400 RequestBodyRead and creates nothing', async () => {
    const before = em.control.listEvents(adele).length;
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { event } }), /The property 'event' does not exist on type 'microsoft\.graph\.event'/);
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, attendees: [{ name: 'Alex', emailAddress: { address: alex } }] } }), /The property 'name' does not exist on type 'microsoft\.graph\.attendee'/);
    // Beta-only properties are unknown to v1.0.
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, uid: 'x' } }), /'uid' does not exist/);
    assert.equal(em.control.listEvents(adele).length, before);
  });

  // "Cannot convert the literal '…' to the expected type 'Edm.Binary'" is Graph's RequestBodyRead for a
  // wrong value (microsoftgraph/msgraph-sdk-powershell#3159, a sendMail attachment).
  test('a value of the wrong type answers 400 RequestBodyRead naming the expected type', async () => {
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, subject: 5 } }), /Cannot convert the literal '5' to the expected type 'Edm\.String'/);
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, isAllDay: 'yes' } }), /expected type 'Edm\.Boolean'/);
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, attendees: { emailAddress: { address: alex } } } }), /'StartArray' node was expected/);
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, start: '2030-02-01T09:00:00' } }), /expected type 'microsoft\.graph\.dateTimeTimeZone'/);
    const list = em.control.todoLists(adele)[0];
    await refused(g(`/users/${adele}/todo/lists/${list.id}/tasks`, { method: 'POST', body: { title: 'x', status: null } }), /cannot be null/);
  });

  // Graph reads enum members in any case: its own examples send "contentType": "Text" ("user: sendMail")
  // and "HTML" ("Create event"); it answers them as the schema declares them.
  test('an unknown enum member answers 400; a known one in another case is accepted and answered as declared', async () => {
    await refused(g(`/users/${adele}/events`, { method: 'POST', body: { ...event, importance: 'urgent' } }), /Cannot convert the literal 'urgent' to the expected type 'microsoft\.graph\.importance'/);
    const list = em.control.todoLists(adele)[0];
    await refused(g(`/users/${adele}/todo/lists/${list.id}/tasks`, { method: 'POST', body: { title: 'x', status: 'done' } }), /microsoft\.graph\.taskStatus/);
    const created = await g(`/users/${adele}/events`, { method: 'POST', body: { ...event, body: { contentType: 'HTML', content: '<p>x</p>' }, showAs: 'Busy' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.body.contentType, 'html');
    assert.equal(created.body.showAs, 'busy');
  });

  test('PATCH bodies are held to the same schema (event, To Do task, To Do list)', async () => {
    const [ev] = em.control.listEvents(adele);
    await refused(g(`/users/${adele}/events/${ev.id}`, { method: 'PATCH', body: { title: 'not an event property' } }), /'title' does not exist on type 'microsoft\.graph\.event'/);
    const list = em.control.todoLists(adele)[0];
    const [task] = em.control.listTasks(adele, String(list.id));
    await refused(g(`/users/${adele}/todo/lists/${list.id}/tasks/${task.id}`, { method: 'PATCH', body: { subject: 'not a task property' } }), /'subject' does not exist on type 'microsoft\.graph\.todoTask'/);
    await refused(g(`/users/${adele}/todo/lists/${list.id}`, { method: 'PATCH', body: { name: 'x' } }), /'name' does not exist on type 'microsoft\.graph\.todoTaskList'/);
    assert.equal(em.control.getEvent(adele, String(ev.id))?.subject, ev.subject);
  });

  test('the control API (the owner in Outlook) is held to the same rules: a test cannot invent a property', () => {
    const before = em.control.listEvents(adele).length;
    assert.throws(() => em.control.createEvent(adele, { ...event, subjekt: 'typo' }), /Not a Graph event: subjekt: The property 'subjekt' does not exist/);
    const [ev] = em.control.listEvents(adele);
    assert.throws(() => em.control.updateEvent(adele, String(ev.id), { showAs: 'away' }), /Not a Graph event: showAs: .*microsoft\.graph\.freeBusyStatus/);
    const list = em.control.todoLists(adele)[0];
    assert.throws(() => em.control.createTask(adele, String(list.id), { title: 'x', dueDateTime: '2030-01-01' }), /Not a Graph todoTask: dueDateTime/);
    assert.throws(() => em.control.createMessage(adele, 'inbox', { subject: 'x', attachments: [{ name: 'a.pdf' }] }), /Not a Graph message: attachments\[0\]: .*abstract entity/);
    assert.equal(em.control.listEvents(adele).length, before);
    assert.equal(em.control.getEvent(adele, String(ev.id))?.showAs, ev.showAs);
  });

  // "user: sendMail": parameters message and saveToSentItems; an attachment names its concrete type with
  // "@odata.type": "#microsoft.graph.fileAttachment" (example 2 of that page).
  test('sendMail: parameters in either case, an unknown parameter refused, an attachment must name its type', async () => {
    const message = { subject: 'Hi', toRecipients: [{ emailAddress: { address: alex } }] };
    const ok = await g(`/users/${adele}/sendMail`, { method: 'POST', body: { Message: message, SaveToSentItems: false } });
    assert.equal(ok.status, 202, ok.text);
    await refused(g(`/users/${adele}/sendMail`, { method: 'POST', body: { message, saveToSent: true } }), /The parameter 'saveToSent' in the request payload is not a valid parameter/);
    await refused(g(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { ...message, attachments: [{ name: 'a.txt', contentBytes: 'eA==' }] } } }), /abstract entity of type 'microsoft\.graph\.attachment'/);
    await refused(g(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { ...message, attachments: [{ '@odata.type': '#microsoft.graph.event', name: 'a.txt' }] } } }), /is not derived from 'microsoft\.graph\.attachment'/);
    await refused(g(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { ...message, attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentBytes: 'not base64!' }] } } }), /expected type 'Edm\.Binary'/);
    const attached = await g(`/users/${adele}/sendMail`, { method: 'POST', body: { message: { ...message, attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: 'eA==' }] } } });
    assert.equal(attached.status, 202, attached.text);
  });

  test('a $batch part with a body Graph refuses gets its own 400; the other parts run', async () => {
    const res = await g('/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'POST', url: `/users/${adele}/events`, headers: { 'content-type': 'application/json' }, body: { ...event, color: 'red' } },
          { id: '2', method: 'POST', url: `/users/${adele}/events`, headers: { 'content-type': 'application/json' }, body: event },
        ],
      },
    });
    assert.equal(res.status, 200);
    const byId = new Map(res.body.responses.map((r: any) => [r.id, r]));
    assert.equal((byId.get('1') as any).status, 400);
    assert.equal((byId.get('1') as any).body.error.code, 'RequestBodyRead');
    assert.equal((byId.get('2') as any).status, 201);
  });
});

describe('what the emulator answers', () => {
  // Every GET route with a schema type, called with the demo data; the answers are checked here directly,
  // and the emulator's own guard (a 500 on a body outside the schema) would fail the status check too.
  test('every Graph route answers only properties and values Graph\'s schema has', async () => {
    const listId = String(em.control.todoLists(adele)[0].id);
    const taskId = String(em.control.listTasks(adele, listId)[0].id);
    const master = em.control.listEvents(adele).find((e) => e.recurrence)!;
    const invoice = em.control.listMessages(adele, 'inbox').find((m) => m.hasAttachments)!;
    const window = 'startDateTime=2020-01-01T00:00:00Z&endDateTime=2035-01-01T00:00:00Z';
    // App registrations are read with Application.Read.All, which the demo app is not granted.
    const reader = { clientId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', secret: 'schema-walk-reader-secret' };
    em.control.addTenant({ tenantId: DEMO.tenantId, apps: [{ ...reader, permissions: ['Application.Read.All'] }] });
    const directory = graph(em, await getToken(em, DEMO.tenantId, reader.clientId, reader.secret));
    const objectId = String((await directory(`/applications(appId='${reader.clientId}')`)).body.id);
    // A subscription to read back: its validation request is answered by a throwaway loopback endpoint.
    const echo = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken') ?? ''));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const subscription = await g('/subscriptions', { method: 'POST', body: { changeType: 'created', resource: `users/${adele}/events`, notificationUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/n`, expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() } });
    echo.close();
    assert.equal(subscription.status, 201, subscription.text);
    const params: Record<string, string> = { user: adele, listId, taskId, folder: 'inbox', appId: reader.clientId };
    const queries: Record<string, string[]> = {
      calendarView: [window],
      'calendarView/delta': [window],
      instances: [window],
      'events/{id}': ['', '$select=subject,recurrence,cancelledOccurrences'],
      'messages/{id}': ['', '$expand=attachments'],
      'messages/delta': ['$expand=attachments'],
    };
    const visited = new Set<string>();
    for (const route of em.control.graphRoutes().filter((r) => r.method === 'GET' && r.renders)) {
      const id = route.template.includes('/messages/') ? String(invoice.id) : route.template.includes('/applications/') ? objectId : route.template.includes('/subscriptions/') ? String(subscription.body.id) : String(master.id);
      const call = route.template.includes('/applications') ? directory : g;
      const url = route.template.replace('/v1.0', '').replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(name === 'id' ? id : params[name]));
      const key = Object.keys(queries).find((k) => route.template.endsWith(k));
      for (const query of key ? queries[key] : ['']) {
        let next: string | undefined = query ? `${url}?${query}` : url;
        while (next) {
          const res = await call(next, { headers: { prefer: 'odata.maxpagesize=50' } });
          assert.equal(res.status, 200, `${route.template} ${query}: ${res.text}`);
          assert.deepEqual(checkRenderedBody(route.renders!, res.body), [], route.template);
          next = res.body['@odata.nextLink'];
        }
      }
      visited.add(route.template);
    }
    assert.ok(visited.size >= 20, `walked ${visited.size} routes`);
  });

  test('a rendered body outside the schema is named by path', () => {
    const violations = checkRenderedBody('event', { value: [{ id: 'x', occurrenceId: 'OID.x', showAs: 'Busy', start: { dateTime: '2030-01-01T00:00:00', zone: 'UTC' } }], extra: 1 });
    assert.deepEqual(violations.map((v) => v.path), ['extra', 'value[0].occurrenceId', 'value[0].showAs', 'value[0].start.zone']);
    assert.deepEqual(checkRequestBody({ type: 'event' }, { showAs: 'Busy' }), [], 'requests may use any case');
  });
});

describe('query options and URL forms Graph refuses', () => {
  // Graph resolves $select on the declared type: "Could not find a property named 'contentId' on type
  // 'microsoft.graph.attachment'" for $expand=attachments($select=…,contentId), code RequestBroker--ParseUri
  // (microsoftgraph/microsoft-graph-explorer-v4#3916; the same for a message property in
  // microsoftgraph/microsoft-graph-docs#2018). The directory answers BadRequest "Parsing OData Select and
  // Expand failed: …" (microsoftgraph/microsoft-graph-docs-contrib#4529).
  test('$select and $expand naming a property the type lacks answer 400, nested selects included', async () => {
    const invoice = em.control.listMessages(adele, 'inbox').find((m) => m.hasAttachments)!;
    const bad = await g(`/users/${adele}/messages/${invoice.id}?$select=subject,meetingMessageType`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'RequestBroker--ParseUri');
    assert.equal(bad.body.error.message, "Could not find a property named 'meetingMessageType' on type 'microsoft.graph.message'.");
    const derived = await g(`/users/${adele}/mailFolders/inbox/messages/delta?$expand=attachments($select=name,contentId)`);
    assert.equal(derived.status, 400);
    assert.match(derived.body.error.message, /'contentId' on type 'microsoft\.graph\.attachment'/);
    const fine = await g(`/users/${adele}/mailFolders/inbox/messages/delta?$select=subject&$expand=attachments($select=name,contentType,size,isInline)`);
    assert.equal(fine.status, 200, fine.text);
    const directory = await g('/users?$select=mail,nickname');
    assert.equal(directory.status, 400);
    assert.equal(directory.body.error.code, 'BadRequest');
    assert.match(directory.body.error.message, /^Parsing OData Select and Expand failed: Could not find a property named 'nickname' on type 'microsoft\.graph\.user'/);
    const list = em.control.todoLists(adele)[0];
    assert.equal((await g(`/users/${adele}/todo/lists/${list.id}/tasks?$select=subject`)).status, 400);
  });

  // "event: delta" (v1.0): "$select, $orderby, $filter, $search, $expand is not supported" on a calendar
  // view (microsoftgraph/microsoft-graph-docs#13204 added the sentence); page size goes through
  // Prefer: odata.maxpagesize, and the page lists no $top.
  test('calendarView delta refuses $select, $filter, $orderby, $search, $expand and $top', async () => {
    const window = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
    for (const option of ['$select=subject', "$filter=subject eq 'x'", '$orderby=start/dateTime', '$search="x"', '$expand=attachments', '$top=5']) {
      const res = await g(`/users/${adele}/calendarView/delta?${window}&${option}`);
      assert.equal(res.status, 400, option);
      assert.equal(res.body.error.code, 'ErrorInvalidUrlQuery', option);
      assert.ok(res.body.error.message.includes(option.split('=')[0]), option);
    }
    assert.equal((await g(`/users/${adele}/calendarView/delta?${window}`, { headers: { prefer: 'odata.maxpagesize=5' } })).status, 200);
  });

  // "Combine multiple requests in one HTTP call using JSON batching": url is "the relative resource URL",
  // and a batch holds at most 20 requests (the second rule is tested in batch.test.ts).
  test('$batch refuses an absolute URL inside a part', async () => {
    for (const url of [`https://graph.microsoft.com/v1.0/users/${adele}/events`, `//graph.microsoft.com/v1.0/users/${adele}`]) {
      const res = await g('/$batch', { method: 'POST', body: { requests: [{ id: '1', method: 'GET', url }] } });
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.code, 'BadRequest');
      assert.match(res.body.error.message, /relative/);
    }
  });
});
