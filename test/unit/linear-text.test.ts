// Every normalisation and parse of text from Graph or the Content Manager is linear (issue 9 §4): a
// megabyte of the input each backtracking expression choked on (spaces, tabs, '<' without '>', open
// tags without end tags, …) is handled well under a second, and normal input gives exactly what the
// regular expressions gave before (checked against those expressions, kept here as the reference).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAddress } from '../../server/src/graph/mail';
import { calendarAdapter } from '../../server/src/sync/resources/calendar';
import { bodyFromGraph, bodyFromLocal, normaliseHtml, normaliseText } from '../../server/src/sync/resources/calendar/body';
import { toInstant } from '../../server/src/sync/resources/calendar/time';
import { emailAdapter } from '../../server/src/sync/resources/email';
import { taskAdapter } from '../../server/src/sync/resources/tasks';
import { htmlToText } from '../../server/src/sync/resources/tasks/fields';
import { parseWallClock } from '../../shared/time/graph-time';

const MB = 1 << 20;
/** A safety bound, not a benchmark: the quadratic expressions took minutes on these inputs. */
const BOUND_MS = 500;

const fill = (unit: string, suffix = '') => unit.repeat(Math.ceil(MB / unit.length)) + suffix;

/** One input per backtracking family the old expressions had. */
const PATHOLOGICAL: Record<string, string> = {
  'spaces': fill(' '),
  'tabs': fill('\t'),
  'spaces and tabs then x': fill(' \t', 'x'),
  'newlines': fill('\n'),
  'spaces between newlines': fill(' '.repeat(1000) + '\n'),
  "'<' without '>'": fill('<'),
  "'<' then '>' at the end": fill('<', '>'),
  'tag starts without end': fill('<a '),
  'tag starts, one > at the end': fill('<a ', '>'),
  'nested tags': fill('<div><span>', fill('</span></div>')),
  '<body without >': fill('<body '),
  '<body, one > at the end': fill('<body x', '>'),
  '<!doctype without >': fill('<!doctype'),
  '<head> without </head>': fill('<head>'),
  '<head without >': fill('<head '),
  '<html without >': fill('</html '),
  '<!-- without -->': fill('<!--'),
  '> newline then spaces': '>\n' + fill(' '),
  '> newline repeated': fill('>\n \n'),
  '<script> without end tag': fill('<script>'),
  '<style without >': fill('<style'),
  '<br with spaces': '<br' + fill(' '),
  'entity without ;': '&#' + fill('9'),
  'huge entities': fill('&#99999999999;'),
  'dots after @': 'a@' + fill('.a', '@'),
  'name then spaces': 'x' + fill(' ', 'y<a@b.c>'),
  'date then spaces': '2020-01-01' + fill(' ', 'x'),
};

/** Runs `run` and asserts it ended (with a result or an error for bad input) within the bound. */
function timed(what: string, run: () => unknown): void {
  const start = process.hrtime.bigint();
  try {
    run();
  } catch {
    // Refusing the input is fine; it must only happen quickly.
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
}

const inbox = { key: 'inbox' };
const calendar = { key: 'calendar' };
const defaultList = { key: 'list-1', remoteParentId: 'list-1', name: 'Tasks' } as never;

/** Every entry point that normalises or parses such text, fed the input in each field it reads. */
const PARSERS: Record<string, (input: string) => unknown> = {
  'calendar text body': (s) => normaliseText(s),
  'calendar html body': (s) => normaliseHtml(s),
  'calendar body type guess (Content Manager)': (s) => bodyFromLocal(s, undefined),
  'calendar body from Graph': (s) => bodyFromGraph({ contentType: 'html', content: s }),
  'calendar event from Graph': (s) =>
    calendarAdapter.fromRemote(
      { id: 'e1', subject: s, body: { contentType: 'html', content: s }, location: { displayName: s }, start: { dateTime: s, timeZone: s }, end: { dateTime: s, timeZone: 'UTC' }, categories: [s], attendees: [{ emailAddress: { address: s, name: s }, type: s }], showAs: s },
      calendar,
    ),
  'calendar event from the Content Manager': (s) =>
    calendarAdapter.fromLocal({ id: 1, documentId: 'd', updatedAt: null, subject: s, body: s, location: s, start: s, end: s, timeZone: s, recurrence: s, categories: [s], attendees: [{ email: s, name: s }] }),
  'task body from Graph': (s) => taskAdapter.fromRemote({ id: 't1', title: s, body: { contentType: 'html', content: s }, status: s, dueDateTime: { dateTime: s, timeZone: 'UTC' }, categories: [s] }, defaultList),
  'task html to text': (s) => htmlToText(s),
  'task from the Content Manager': (s) => taskAdapter.fromLocal({ id: 1, documentId: 'd', updatedAt: null, title: s, body: s, dueDate: s, reminderAt: s, listName: s }),
  'email from Graph': (s) =>
    emailAdapter.fromRemote(
      { id: 'm1', subject: s, bodyPreview: s, body: { contentType: 'html', content: s }, from: { emailAddress: { address: s, name: s } }, toRecipients: [{ emailAddress: { address: s } }], receivedDateTime: s, internetMessageId: s },
      inbox,
    ),
  'email from the Content Manager': (s) => emailAdapter.fromLocal({ id: 1, documentId: 'd', updatedAt: null, subject: s, body: s, from: { address: s }, to: [{ address: s }], receivedAt: s }),
  'Graph date-time': (s) => parseWallClock(s),
  'instant': (s) => toInstant(s),
  'mail.send address': (s) => parseAddress(s, 'to'),
};

describe('linear text handling: 1 MB pathological inputs', () => {
  for (const [parser, parse] of Object.entries(PARSERS)) {
    test(`${parser}: every pathological input in well under a second`, () => {
      for (const [name, input] of Object.entries(PATHOLOGICAL)) timed(`${parser} on ${name}`, () => parse(input));
    });
  }
});

// ---- the expressions as they were, the reference for normal input ----

const reference = {
  normaliseText: (content: string) => content.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim(),
  normaliseHtml(content: string): string {
    let html = content.replace(/\r\n?/g, '\n');
    const open = /<body(?:\s[^>]*)?>/i.exec(html);
    if (open) {
      const start = open.index + open[0].length;
      const close = html.toLowerCase().lastIndexOf('</body>');
      html = html.slice(start, close >= start ? close : undefined);
    } else {
      html = html
        .replace(/<!doctype[^>]*>/gi, '')
        .replace(/<head(?:\s[^>]*)?>[\s\S]*?<\/head>/gi, '')
        .replace(/<\/?html(?:\s[^>]*)?>/gi, '');
    }
    return html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/>[ \t]*\n\s*</g, '>\n<')
      .replace(/[ \t]+\n/g, '\n')
      .trim();
  },
  looksLikeHtml: (content: string) => /<([a-z][a-z0-9]*)(\s[^>]*)?\/?>/i.test(content),
  htmlToText(html: string): string {
    return html
      .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&amp;/g, '&')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  },
  parseAddress(value: string): { address: string; name?: string } | 'invalid' {
    const text = value.trim();
    const angled = /^(.*?)\s*<([^<>]+)>$/.exec(text);
    const address = (angled ? angled[2]! : text).trim();
    if (!/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(address)) return 'invalid';
    const name = angled?.[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
    return name ? { address, name } : { address };
  },
};

// Pieces the expressions care about, so random input hits their edge cases often.
const htmlPiece = fc.constantFrom(
  '<', '>', '/', ' ', '\t', '\n', '\r', '\r\n', 'a', 'B', '1', '-', '!', '"', '&', ';', '#', '\u00a0',
  '<body>', '<BODY class="x">', '</body>', '</Body>', '<bodyx>', '<!doctype html>', '<!DOCTYPE', '<head>', '<head id=1>', '</head>', '<header>',
  '<html>', '</html>', '<html lang="en">', '<htmlx>', '<!--', '-->', '<!-->', '<p>', '</p>', '<div>', '</div>', '<br>', '<br/>', '<BR />',
  '<li>', '</li>', '<h2>', '</h2>', '</tr>', '<script>', '</script>', '<SCRIPT src=x>', '<style>', '</style>', '<a href="x">', '<a/>', '<a1 >',
  '&nbsp;', '&lt;', '&gt;', '&quot;', '&#39;', '&apos;', '&#65;', '&amp;', '&amp;lt;', '<>', '< a>',
);
const htmlText = fc.array(htmlPiece, { maxLength: 40 }).map((parts) => parts.join(''));
const addressPiece = fc.constantFrom('a', 'b', '.', '@', ' ', '\t', '\n', '<', '>', '"', ',', ';', 'x.y', 'a@b.c', 'Ann', '"Ann B"', ' <', '>');
const addressText = fc.array(addressPiece, { maxLength: 16 }).map((parts) => parts.join(''));

describe('linear text handling: the same output as the expressions on normal input', () => {
  const runs = { numRuns: 3000 };

  test('calendar text and html bodies', () => {
    fc.assert(
      fc.property(htmlText, (s) => {
        assert.equal(normaliseText(s), reference.normaliseText(s));
        assert.equal(normaliseHtml(s), reference.normaliseHtml(s));
        assert.equal(bodyFromLocal(s, undefined).bodyType, reference.looksLikeHtml(s) ? 'html' : 'text');
      }),
      runs,
    );
  });

  test('task html to text', () => {
    fc.assert(fc.property(htmlText, (s) => assert.equal(htmlToText(s), reference.htmlToText(s))), runs);
  });

  test('mail.send addresses', () => {
    fc.assert(
      fc.property(addressText, (s) => {
        let actual: unknown;
        try {
          actual = parseAddress(s, 'to');
        } catch {
          actual = 'invalid';
        }
        assert.deepEqual(actual, reference.parseAddress(s));
      }),
      runs,
    );
  });

  test('documented examples keep their exact result', () => {
    const exchange = '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n<p>Hi</p>  \r\n</body>\r\n</html>\r\n';
    assert.equal(normaliseHtml(exchange), '<p>Hi</p>');
    assert.equal(htmlToText('<p>One&nbsp;&amp;&#65;</p>\n\n\n<div>Two  </div><script>x</script>'), 'One &A\n\nTwo');
    assert.deepEqual(parseAddress('"Doe, J" <j@x.example>', 'to'), { address: 'j@x.example', name: 'Doe, J' });
    // Past the last code point: left as written instead of throwing.
    assert.equal(htmlToText('a &#99999999; b'), 'a &#99999999; b');
  });
});
