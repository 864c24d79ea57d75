// Linear-time scans for text that comes from Graph or the Content Manager (bodies of any size).
// Regular expressions such as /[ \t]+\n/g or /<[^>]+>/g backtrack: on a megabyte of spaces, or of '<'
// without '>', each start position rescans the rest and a run takes minutes. These helpers give the
// same results as those expressions on every input, with each character looked at a bounded number
// of times: a search for a closing '>' (or end tag) is never repeated from an earlier position.

const WHITESPACE = /\s/;

/** JavaScript's \s for one character. */
export function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && WHITESPACE.test(ch);
}

/** Like text.replace(/[ \t]+\n/g, '\n'): spaces and tabs that end a line go. */
export function trimLineEnds(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    let end = line.length;
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    if (end < line.length) lines[i] = line.slice(0, end);
  }
  return lines.join('\n');
}

/** Whether `text` has `word` (lowercase) at `at`, compared case-insensitively. */
function hasWordAt(text: string, at: number, word: string): boolean {
  return text.length - at >= word.length && text.slice(at, at + word.length).toLowerCase() === word;
}

/** Like a case-insensitive indexOf of `needle` (lowercase, starting with '<'). */
export function indexOfTag(text: string, needle: string, from: number): number {
  for (let i = text.indexOf('<', from); i !== -1; i = text.indexOf('<', i + 1)) {
    if (hasWordAt(text, i, needle)) return i;
  }
  return -1;
}

/** Like a case-insensitive lastIndexOf of `needle` (lowercase, starting with '<'). */
export function lastIndexOfTag(text: string, needle: string): number {
  for (let i = text.lastIndexOf('<'); i !== -1; i = i === 0 ? -1 : text.lastIndexOf('<', i - 1)) {
    if (hasWordAt(text, i, needle)) return i;
  }
  return -1;
}

/** The next '>' at or after a position, remembered so a run of candidates never rescans. */
function closingAngleFinder(text: string): (from: number) => number {
  let found = -2;
  return (from: number) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf('>', from);
    return found;
  };
}

export interface TagMatch {
  start: number;
  /** Just past the tag's '>'. */
  end: number;
}

export interface OpenTagOptions {
  /** `<name[^>]*>` (anything may follow the name) rather than `<name(?:\s[^>]*)?>`. */
  loose?: boolean;
  /** `<\/?name…>`: the closing form matches too. */
  orClosing?: boolean;
}

/**
 * Every tag `<name(?:\s[^>]*)?>` (case-insensitive), in order, as a regular expression with the g flag
 * would find them. `name` is lowercase.
 */
export function* openTags(text: string, name: string, options: OpenTagOptions = {}): Generator<TagMatch> {
  const nextAngle = closingAngleFinder(text);
  let i = text.indexOf('<');
  while (i !== -1) {
    const end = openTagEnd(text, i, name, options, nextAngle);
    if (end === null) return;
    if (end === -1) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    yield { start: i, end };
    i = text.indexOf('<', end);
  }
}

/** End of the tag `<name…>` starting at `i`; -1 when there is none there, null when none can follow. */
function openTagEnd(text: string, i: number, name: string, options: OpenTagOptions, nextAngle: (from: number) => number): number | null {
  let at = i + 1;
  if (options.orClosing && text[at] === '/') at++;
  if (!hasWordAt(text, at, name)) return -1;
  const after = at + name.length;
  if (text[after] === '>') return after + 1;
  if (!options.loose && !isWhitespace(text[after])) return -1;
  const angle = nextAngle(after);
  // No '>' anywhere after: no later tag can end either.
  return angle === -1 ? null : angle + 1;
}

/** `text` without the given ranges (in order, not overlapping). */
export function withoutRanges(text: string, ranges: Iterable<{ start: number; end: number }>): string {
  let out = '';
  let at = 0;
  for (const { start, end } of ranges) {
    out += text.slice(at, start);
    at = end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/**
 * Elements `<name…>…</name>` of any of `names` (lowercase), lazy and case-insensitive, as
 * /<(a|b)(?:\s[^>]*)?>[\s\S]*?<\/\1>/gi finds them (with `loose`, /<(a|b)[^>]*>[\s\S]*?<\/\1>/gi).
 */
export function* elements(text: string, names: readonly string[], options: { loose?: boolean } = {}): Generator<TagMatch> {
  const nextAngle = closingAngleFinder(text);
  // Per name, the end tag found last: later start tags reuse it while it lies ahead (-1: there is none).
  const closes = new Map<string, number>();
  let i = text.indexOf('<');
  while (i !== -1) {
    let match: TagMatch | null = null;
    for (const name of names) {
      const end = openTagEnd(text, i, name, options, nextAngle);
      if (end === null) return;
      if (end === -1) continue;
      const close = `</${name}>`;
      let at = closes.get(name);
      if (at === undefined || (at !== -1 && at < end)) closes.set(name, (at = indexOfTag(text, close, end)));
      if (at !== -1) match = { start: i, end: at + close.length };
      break;
    }
    if (!match) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    yield match;
    i = text.indexOf('<', match.end);
  }
}

/** Like text.replace(/<!--[\s\S]*?-->/g, ''). */
export function withoutComments(text: string): string {
  const ranges: TagMatch[] = [];
  let i = text.indexOf('<!--');
  while (i !== -1) {
    const end = text.indexOf('-->', i + 4);
    if (end === -1) break;
    ranges.push({ start: i, end: end + 3 });
    i = text.indexOf('<!--', end + 3);
  }
  return withoutRanges(text, ranges);
}

/** Like text.replace(/>[ \t]*\n\s*</g, '>\n<'): whitespace between tags that holds a line break. */
export function collapseBreaksBetweenTags(text: string): string {
  let out = '';
  let at = 0;
  let i = text.indexOf('>');
  while (i !== -1) {
    let j = i + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '\n') {
      j++;
      while (isWhitespace(text[j])) j++;
      if (text[j] === '<') {
        out += text.slice(at, i) + '>\n<';
        at = j + 1;
        i = text.indexOf('>', j + 1);
        continue;
      }
    }
    // The characters skipped hold no '>', so the next search starts past them.
    i = text.indexOf('>', Math.max(i + 1, j));
  }
  return at === 0 ? text : out + text.slice(at);
}

/** Like /<([a-z][a-z0-9]*)(\s[^>]*)?\/?>/i.test(text): something shaped like an HTML tag. */
export function hasHtmlTag(text: string): boolean {
  const lastAngle = text.lastIndexOf('>');
  if (lastAngle === -1) return false;
  for (let i = text.indexOf('<'); i !== -1 && i < lastAngle; i = text.indexOf('<', i + 1)) {
    let j = i + 1;
    if (!isAsciiLetter(text[j])) continue;
    j++;
    while (isAsciiLetter(text[j]) || isDigit(text[j])) j++;
    const ch = text[j];
    if (ch === '>' || (ch === '/' && text[j + 1] === '>')) return true;
    if (isWhitespace(ch) && lastAngle > j) return true;
  }
  return false;
}

/** Like text.replace(/<[^>]+>/g, ''): every tag-shaped run out. */
export function withoutTags(text: string): string {
  const nextAngle = closingAngleFinder(text);
  const ranges: TagMatch[] = [];
  let i = text.indexOf('<');
  while (i !== -1) {
    const angle = nextAngle(i + 1);
    if (angle === -1) break;
    if (angle === i + 1) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    ranges.push({ start: i, end: angle + 1 });
    i = text.indexOf('<', angle + 1);
  }
  return withoutRanges(text, ranges);
}

function isAsciiLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}
