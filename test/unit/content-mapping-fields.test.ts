// The pure parts of content mappings: rich text ⇄ HTML, the field map, the validation against a schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blocksToHtml, blocksToMarkdown, htmlToBlocks, markdownToBlocks } from '../../server/src/content-mappings/rich-text';
import { fieldMapOf } from '../../server/src/content-mappings/field-map';
import { mappedAdapter } from '../../server/src/content-mappings/mapped-adapter';
import { contentMappingIssues, type ContentTypeInfo } from '../../server/src/content-mappings/validate';
import { calendarAdapter } from '../../server/src/sync/resources/calendar';
import { normaliseHtml } from '../../server/src/sync/resources/calendar/body';
import type { ContentMapping } from '../../shared/content-mappings';

const RICH = [
  { type: 'heading', level: 2, children: [{ type: 'text', text: 'Agenda' }] },
  { type: 'paragraph', children: [{ type: 'text', text: 'Plain, ' }, { type: 'text', text: 'bold', bold: true }, { type: 'text', text: ' and ' }, { type: 'text', text: 'both', bold: true, italic: true }] },
  { type: 'paragraph', children: [{ type: 'text', text: 'See ' }, { type: 'link', url: 'https://example.com/?a=1&b=2', children: [{ type: 'text', text: 'the notes' }] }, { type: 'text', text: ' & <tags>' }] },
  { type: 'list', format: 'ordered', children: [{ type: 'list-item', children: [{ type: 'text', text: 'One' }] }, { type: 'list-item', children: [{ type: 'text', text: 'Two', strikethrough: true }] }] },
  { type: 'quote', children: [{ type: 'text', text: 'Quoted' }] },
  { type: 'code', children: [{ type: 'text', text: 'let x = 1;\n  x++;' }] },
];

describe('rich text', () => {
  test('blocks → HTML → blocks is lossless for what Outlook keeps', () => {
    const html = blocksToHtml(RICH);
    assert.match(html, /<h2>Agenda<\/h2>/);
    assert.match(html, /<a href="https:\/\/example.com\/\?a=1&amp;b=2">the notes<\/a> &amp; &lt;tags&gt;/);
    assert.deepEqual(htmlToBlocks(html), RICH);
  });

  test('an HTML body as Exchange stores it reads as the blocks it was made from', () => {
    const exchange = `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${blocksToHtml(RICH).replace(/\n/g, '\r\n')}\r\n</body>\r\n</html>\r\n`;
    assert.deepEqual(htmlToBlocks(normaliseHtml(exchange)), RICH);
  });

  test('HTML blocks cannot hold is read as its text; stray markup is no content', () => {
    const blocks = htmlToBlocks('<table><tr><td>Cell <span style="color:red">red</span></td></tr></table><!-- note --><div>Line 1<br>Line 2</div>text after < less');
    assert.deepEqual(blocks, [
      { type: 'paragraph', children: [{ type: 'text', text: 'Cell red' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Line 1\nLine 2' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'text after < less' }] },
    ]);
  });

  test('Markdown ⇄ blocks', () => {
    const markdown = '## Agenda\n\nPlain, **bold** and _it_\n\n- one\n- two\n\n> Quoted\n\n[link](https://example.com)';
    const blocks = markdownToBlocks(markdown);
    assert.deepEqual(blocks[1], { type: 'paragraph', children: [{ type: 'text', text: 'Plain, ' }, { type: 'text', text: 'bold', bold: true }, { type: 'text', text: ' and ' }, { type: 'text', text: 'it', italic: true }] });
    assert.equal(blocksToMarkdown(blocks), markdown);
    assert.deepEqual(markdownToBlocks(blocksToMarkdown(RICH.slice(0, 5))), RICH.slice(0, 5).map((b) => (b.type === 'list' ? { ...b, children: b.children.map((i) => ({ ...i })) } : b)));
  });

  test('a megabyte of pathological HTML converts in linear time', () => {
    const started = process.hrtime.bigint();
    htmlToBlocks('<'.repeat(500_000) + '<b>'.repeat(100_000));
    htmlToBlocks('<p>' + 'a '.repeat(500_000));
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
  });
});

const MEETING: ContentTypeInfo = {
  kind: 'collectionType',
  draftAndPublish: true,
  localized: false,
  attributes: {
    title: { type: 'string' },
    description: { type: 'blocks' },
    startsAt: { type: 'datetime' },
    day: { type: 'date' },
    lastDay: { type: 'date' },
    venue: { type: 'string' },
    status: { type: 'enumeration', enum: ['confirmed', 'tentative'] },
    owner: { type: 'email' },
  },
};

const mapping = (fields: ContentMapping['fields']): ContentMapping => ({ id: 'm', uid: 'api::meeting.meeting', resource: 'calendar', mailbox: { address: 'a@contoso.com' }, direction: 'bidirectional', conflictResolution: 'newest-wins', fields });

describe('field map', () => {
  test('a date attribute feeding start makes all-day events, the end date inclusive', () => {
    const map = fieldMapOf(mapping({ subject: { attribute: 'title' }, start: { attribute: 'day' }, end: { attribute: 'lastDay' } }), MEETING.attributes);
    const fields = calendarAdapter.fromLocal(map.toPlugin({ title: 'Fair', day: '2026-12-10', lastDay: '2026-12-11' }));
    assert.equal(fields.isAllDay, true);
    assert.equal(fields.start, '2026-12-10T00:00:00.000Z');
    assert.equal(fields.end, '2026-12-12T00:00:00.000Z', "Graph's end is the day after the last");
    assert.deepEqual(map.toHost(calendarAdapter.toLocalData(fields, { key: 'calendar' })), { title: 'Fair', day: '2026-12-10', lastDay: '2026-12-11' });
  });

  test('enumeration values map both ways; a Graph value without a host value is null', () => {
    const map = fieldMapOf(mapping({ subject: { attribute: 'title' }, start: { attribute: 'startsAt' }, showAs: { attribute: 'status', values: { confirmed: 'busy', tentative: 'tentative' } } }), MEETING.attributes);
    assert.equal(map.toPlugin({ status: 'confirmed' }).showAs, 'busy');
    assert.equal(map.toHost({ showAs: 'tentative' }).status, 'tentative');
    assert.equal(map.toHost({ showAs: 'oof' }).status, null);
  });

  test("Microsoft's item is read as the host would hold it, and an update sends only mapped properties", () => {
    const m = mapping({ subject: { attribute: 'title' }, body: { attribute: 'description' }, start: { attribute: 'startsAt' }, importance: { value: 'high' } });
    const adapter = mappedAdapter(calendarAdapter, m, fieldMapOf(m, MEETING.attributes));
    const snapshot = adapter.fromRemote(
      { id: 'e1', subject: 'S', body: { contentType: 'html', content: '<p>Hi <b>there</b></p>' }, start: { dateTime: '2026-12-10T09:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-10T10:00:00.0000000', timeZone: 'UTC' }, location: { displayName: 'Room 9' }, categories: ['Red'], importance: 'low' },
      { key: 'calendar' },
    )!;
    assert.equal(snapshot.fields.location, '', 'an unmapped field reads as the host holds it: empty');
    assert.deepEqual(snapshot.fields.categories, []);
    assert.equal(snapshot.fields.importance, 'high', 'a constant is what the host side reads');
    const local = adapter.fromLocal({ title: 'S', description: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hi ' }, { type: 'text', text: 'there', bold: true }] }], startsAt: '2026-12-10T09:00:00.000Z' });
    assert.deepEqual(local, snapshot.fields, 'the same content reads the same on both sides (an end 30 minutes after the start)');
    assert.equal(local.end, '2026-12-10T09:30:00.000Z');
    const update = adapter.updateRemote('a@contoso.com', 'e1', local, null, { settings: { direction: 'bidirectional', conflictResolution: 'newest-wins' } });
    assert.deepEqual(Object.keys(update.body as object).sort(), ['body', 'end', 'importance', 'isAllDay', 'start', 'subject']);
  });

  test('series are not synced into a host type', () => {
    const m = mapping({ subject: { attribute: 'title' }, start: { attribute: 'startsAt' } });
    const adapter = mappedAdapter(calendarAdapter, m, fieldMapOf(m, MEETING.attributes));
    assert.equal(adapter.fromRemote({ id: 's', type: 'seriesMaster', subject: 'Weekly' }, { key: 'calendar' }), null);
    assert.equal(adapter.referencedItems, undefined);
  });
});

describe('mapping validation', () => {
  const ctx = { contentType: (uid: string) => (uid === 'api::meeting.meeting' ? MEETING : undefined), mailboxes: ['a@contoso.com'], saved: [] };
  test('every problem names its field', () => {
    const issues = contentMappingIssues(
      {
        mappings: [
          { ...mapping({ subject: { attribute: 'startsAt' }, start: { attribute: 'title' }, showAs: { attribute: 'status' }, colour: { value: 'red' }, importance: { value: 'urgent' } }), direction: 'sideways', mailbox: { attribute: 'venue2' } },
        ],
      },
      ctx,
    );
    assert.deepEqual(
      issues.map((i) => `${i.path.join('.')} ${i.code}`),
      [
        'mappings.0.direction enum',
        'mappings.0.mailbox.attribute mailbox-attribute',
        'mappings.0.fields.subject.attribute attribute-type',
        'mappings.0.fields.start.attribute attribute-type',
        'mappings.0.fields.showAs.values values-needed',
        'mappings.0.fields.colour unknown-field',
        'mappings.0.fields.importance.value value',
      ],
    );
  });

  test('two mappings may not sync the same mailbox × resource', () => {
    const one = mapping({ subject: { attribute: 'title' }, start: { attribute: 'startsAt' } });
    const issues = contentMappingIssues({ mappings: [one, { ...one, id: 'n', mailbox: { attribute: 'owner' } }] }, ctx);
    assert.deepEqual(issues.map((i) => `${i.path.join('.')} ${i.code}`), ['mappings.1.mailbox overlap']);
  });
});
