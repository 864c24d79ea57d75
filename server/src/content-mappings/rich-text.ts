// Strapi's rich text (the `blocks` JSON of the Blocks editor, and Markdown `richtext`) ⇄ the HTML Outlook
// keeps in an event body. Blocks are the common form: Markdown is read into blocks and written from
// them. What Outlook keeps of a body (paragraphs, headings, lists, quotes, code, links, bold, italic,
// underline, strike-through, inline code) survives both ways; what blocks cannot hold (tables, colours,
// fonts) is read as its text. Linear: a body comes from anyone who can send an invitation, so the scan
// looks at each character a bounded number of times and never backtracks.

export interface TextNode {
  type: 'text';
  text: string;
  bold?: true;
  italic?: true;
  underline?: true;
  strikethrough?: true;
  code?: true;
}
export interface LinkNode {
  type: 'link';
  url: string;
  children: TextNode[];
}
export type InlineNode = TextNode | LinkNode;
export type Block =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: InlineNode[] }
  | { type: 'quote'; children: InlineNode[] }
  | { type: 'code'; children: TextNode[] }
  | { type: 'list'; format: 'ordered' | 'unordered'; children: Array<{ type: 'list-item'; children: InlineNode[] }> };

type Mark = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'code';
const MARK_TAGS: Record<string, Mark> = { b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', code: 'code' };
const MARK_HTML: Array<[Mark, string]> = [['bold', 'strong'], ['italic', 'em'], ['underline', 'u'], ['strikethrough', 's'], ['code', 'code']];

// ---------------------------------------------------------------------------------------------------
// Blocks → HTML

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function textToHtml(node: TextNode): string {
  let html = escapeHtml(node.text).replace(/\n/g, '<br>');
  for (const [mark, tag] of [...MARK_HTML].reverse()) if (node[mark]) html = `<${tag}>${html}</${tag}>`;
  return html;
}

function inlineToHtml(nodes: readonly unknown[]): string {
  return nodes
    .map((node) => {
      const n = asRecord(node);
      if (n.type === 'link') return `<a href="${escapeHtml(String(n.url ?? ''))}">${inlineToHtml(asList(n.children))}</a>`;
      if (n.type === 'text' || typeof n.text === 'string') return textToHtml(n as unknown as TextNode);
      return inlineToHtml(asList(n.children));
    })
    .join('');
}

/** Blocks JSON (as the Blocks editor stores it) → HTML; anything not a block list is no content. */
export function blocksToHtml(blocks: unknown): string {
  return asList(blocks)
    .map((block) => {
      const b = asRecord(block);
      const children = asList(b.children);
      switch (b.type) {
        case 'heading': {
          const level = Math.min(6, Math.max(1, Number(b.level) || 1));
          return `<h${level}>${inlineToHtml(children)}</h${level}>`;
        }
        case 'quote':
          return `<blockquote>${inlineToHtml(children)}</blockquote>`;
        case 'code':
          return `<pre>${escapeHtml(plainText(children))}</pre>`;
        case 'list': {
          const tag = b.format === 'ordered' ? 'ol' : 'ul';
          return `<${tag}>${children.map((item) => `<li>${inlineToHtml(asList(asRecord(item).children))}</li>`).join('')}</${tag}>`;
        }
        case 'image':
          return '';
        default:
          return `<p>${inlineToHtml(children)}</p>`;
      }
    })
    .filter(Boolean)
    .join('\n');
}

function plainText(nodes: readonly unknown[]): string {
  return nodes.map((node) => (typeof asRecord(node).text === 'string' ? String(asRecord(node).text) : plainText(asList(asRecord(node).children)))).join('');
}

// ---------------------------------------------------------------------------------------------------
// HTML → blocks

interface Token {
  tag?: string;
  closing?: boolean;
  attrs?: string;
  text?: string;
}

/** Tags and text in order; a '<' that opens no tag is text. One forward pass. */
function* tokens(html: string): Generator<Token> {
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open === -1) {
      yield { text: html.slice(at) };
      return;
    }
    if (open > at) yield { text: html.slice(at, open) };
    const close = html.indexOf('>', open + 1);
    if (close === -1) {
      yield { text: html.slice(open) };
      return;
    }
    const inside = html.slice(open + 1, close);
    const match = /^(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(inside);
    if (match) yield { tag: match[2]!.toLowerCase(), closing: match[1] === '/', attrs: inside.slice(match[0].length) };
    // Comments, doctypes and stray '<' followed by no tag name are not content.
    else if (!inside.startsWith('!') && !inside.startsWith('?')) yield { text: html.slice(open, close + 1) };
    at = close + 1;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
function decode(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (entity, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16), entity);
    if (name.startsWith('#')) return ENTITIES[name] ?? safeCodePoint(Number(name.slice(1)), entity);
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}
const safeCodePoint = (code: number, fallback: string) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback);

function hrefOf(attrs: string): string {
  const match = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
  return decode(match?.[2] ?? match?.[3] ?? match?.[4] ?? '');
}

const BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'table', 'tr', 'section', 'article', 'header', 'footer']);
const SKIPPED = new Set(['script', 'style', 'head', 'title']);

/** HTML (an Outlook body) → blocks. Whitespace collapses as a browser would show it, except in <pre>. */
export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  const marks: Mark[] = [];
  type Open = { kind: 'paragraph' | 'heading' | 'quote' | 'code' | 'item'; level?: number; nodes: InlineNode[] };
  // Cast: the closures below assign these, which the compiler's narrowing does not see.
  let link = null as LinkNode | null;
  let current = null as Open | null;
  let list: Extract<Block, { type: 'list' }> | null = null;
  const lists: Array<Extract<Block, { type: 'list' }>> = [];
  let skipping: string | null = null;
  let inPre = false;
  let quoteDepth = 0;

  const flush = () => {
    if (!current) return;
    const nodes = trimInline(current.nodes, current.kind === 'code');
    if (current.kind === 'item') {
      list?.children.push({ type: 'list-item', children: nodes.length ? nodes : [{ type: 'text', text: '' }] });
    } else if (nodes.length > 0) {
      if (current.kind === 'heading') blocks.push({ type: 'heading', level: current.level as 1, children: nodes });
      else if (current.kind === 'code') blocks.push({ type: 'code', children: [{ type: 'text', text: nodes.map((n) => (n.type === 'text' ? n.text : '')).join('') }] });
      else blocks.push({ type: current.kind, children: nodes });
    }
    current = null;
  };
  const start = (kind: Open['kind'], level?: number) => {
    flush();
    current = { kind, ...(level ? { level } : {}), nodes: [] };
  };
  const addText = (raw: string, verbatim = inPre) => {
    const text = verbatim ? raw : decode(raw.replace(/\s+/g, ' '));
    if (!text) return;
    if (!current) {
      if (!text.trim()) return;
      start(list ? 'item' : quoteDepth > 0 ? 'quote' : 'paragraph');
    }
    const node: TextNode = { type: 'text', text };
    for (const mark of marks) node[mark] = true;
    const target = link ? link.children : current!.nodes;
    const last = target[target.length - 1];
    if (last && last.type === 'text' && sameMarks(last, node)) last.text += text;
    else target.push(node);
  };

  for (const token of tokens(html)) {
    if (skipping) {
      if (token.tag === skipping && token.closing) skipping = null;
      continue;
    }
    if (token.text !== undefined) {
      addText(inPre ? decode(token.text) : token.text);
      continue;
    }
    const tag = token.tag!;
    if (SKIPPED.has(tag) && !token.closing) {
      skipping = tag;
      continue;
    }
    if (tag === 'br') {
      if (current) addText('\n', true);
      continue;
    }
    if (MARK_TAGS[tag]) {
      const mark = MARK_TAGS[tag]!;
      if (token.closing) {
        const at = marks.lastIndexOf(mark);
        if (at !== -1) marks.splice(at, 1);
      } else marks.push(mark);
      continue;
    }
    if (tag === 'a') {
      if (token.closing) {
        if (link && current) current.nodes.push(link);
        link = null;
      } else {
        if (!current) start(list ? 'item' : quoteDepth > 0 ? 'quote' : 'paragraph');
        link = { type: 'link', url: hrefOf(token.attrs ?? ''), children: [] };
      }
      continue;
    }
    if (!BLOCK_TAGS.has(tag)) continue;
    if (link && current) current.nodes.push(link);
    link = null;
    if (tag === 'ul' || tag === 'ol') {
      flush();
      if (token.closing) {
        lists.pop();
        list = lists[lists.length - 1] ?? null;
      } else {
        const created: Extract<Block, { type: 'list' }> = { type: 'list', format: tag === 'ol' ? 'ordered' : 'unordered', children: [] };
        // Nested lists are read flat into the outer one: blocks' lists hold items, not lists.
        if (!list) blocks.push(created);
        lists.push(list ?? created);
        list = list ?? created;
      }
      continue;
    }
    if (token.closing) {
      if (tag === 'pre') inPre = false;
      if (tag === 'blockquote') quoteDepth = Math.max(0, quoteDepth - 1);
      flush();
      continue;
    }
    if (tag === 'li') start(list ? 'item' : 'paragraph');
    else if (/^h[1-6]$/.test(tag)) start('heading', Number(tag[1]));
    else if (tag === 'blockquote') {
      quoteDepth++;
      start('quote');
    } else if (tag === 'pre') {
      inPre = true;
      start('code');
    } else if (list && current?.kind === 'item') continue; // a <p> inside an <li>
    else start(quoteDepth > 0 ? 'quote' : 'paragraph');
  }
  if (link && current) current.nodes.push(link);
  flush();
  return blocks;
}

function sameMarks(a: TextNode, b: TextNode): boolean {
  return MARK_HTML.every(([mark]) => Boolean(a[mark]) === Boolean(b[mark]));
}

/** Leading and trailing whitespace of a block is not content (as a browser renders it). */
function trimInline(nodes: InlineNode[], keep: boolean): InlineNode[] {
  if (keep || nodes.length === 0) return nodes;
  const firstText = nodes[0]!;
  if (firstText.type === 'text') firstText.text = firstText.text.replace(/^[ \n]+/, '');
  const lastText = nodes[nodes.length - 1]!;
  if (lastText.type === 'text') lastText.text = lastText.text.replace(/[ \n]+$/, '');
  return nodes.filter((n) => n.type !== 'text' || n.text !== '');
}

// ---------------------------------------------------------------------------------------------------
// Markdown (richtext) ⇄ blocks: the subset the Markdown editor writes for what blocks hold.

/** Markdown → blocks: # headings, > quotes, ``` code, - / 1. lists, **bold**, *italic*, ~~strike~~, `code`, [links](url). */
export function markdownToBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: inlineMarkdown(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      flushParagraph();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      blocks.push({ type: 'code', children: [{ type: 'text', text: code.join('\n') }] });
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    const item = /^(?:([-*+])|(\d+)[.)]) (.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      blocks.push({ type: 'heading', level: heading[1]!.length as 1, children: inlineMarkdown(heading[2]!) });
    } else if (line.startsWith('> ') || line === '>') {
      flushParagraph();
      blocks.push({ type: 'quote', children: inlineMarkdown(line.slice(2)) });
    } else if (item) {
      flushParagraph();
      const format = item[2] ? 'ordered' : 'unordered';
      const last = blocks[blocks.length - 1];
      const target = last?.type === 'list' && last.format === format ? last : (blocks.push({ type: 'list', format, children: [] }), blocks[blocks.length - 1] as Extract<Block, { type: 'list' }>);
      target.children.push({ type: 'list-item', children: inlineMarkdown(item[3]!) });
    } else if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  return blocks;
}

const INLINE_MARKDOWN: Array<[string, Mark]> = [['**', 'bold'], ['~~', 'strikethrough'], ['*', 'italic'], ['_', 'italic'], ['`', 'code']];

function inlineMarkdown(text: string, marks: Mark[] = []): InlineNode[] {
  const nodes: InlineNode[] = [];
  let plain = '';
  const push = (node: InlineNode) => {
    if (plain) nodes.push(textNode(plain, marks));
    plain = '';
    nodes.push(node);
  };
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\' && i + 1 < text.length) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (text[i] === '[') {
      const close = text.indexOf('](', i + 1);
      const end = close === -1 ? -1 : text.indexOf(')', close + 2);
      if (close !== -1 && end !== -1) {
        push({ type: 'link', url: text.slice(close + 2, end), children: inlineMarkdown(text.slice(i + 1, close), marks).filter((n): n is TextNode => n.type === 'text') });
        i = end + 1;
        continue;
      }
    }
    const delimiter = INLINE_MARKDOWN.find(([d]) => text.startsWith(d, i));
    if (delimiter) {
      const [d, mark] = delimiter;
      const end = text.indexOf(d, i + d.length);
      if (end > i + d.length) {
        const inner = text.slice(i + d.length, end);
        if (plain) nodes.push(textNode(plain, marks));
        plain = '';
        nodes.push(...(mark === 'code' ? [textNode(inner, [...marks, mark])] : inlineMarkdown(inner, [...marks, mark])));
        i = end + d.length;
        continue;
      }
    }
    plain += text[i];
    i++;
  }
  if (plain) nodes.push(textNode(plain, marks));
  return nodes;
}

function textNode(text: string, marks: readonly Mark[]): TextNode {
  const node: TextNode = { type: 'text', text };
  for (const mark of marks) node[mark] = true;
  return node;
}

/** Blocks → Markdown, the inverse of markdownToBlocks for what it reads. */
export function blocksToMarkdown(blocks: unknown): string {
  return asList(blocks)
    .map((block) => {
      const b = asRecord(block);
      const children = asList(b.children);
      switch (b.type) {
        case 'heading':
          return `${'#'.repeat(Math.min(6, Math.max(1, Number(b.level) || 1)))} ${inlineToMarkdown(children)}`;
        case 'quote':
          return `> ${inlineToMarkdown(children)}`;
        case 'code':
          return `\`\`\`\n${plainText(children)}\n\`\`\``;
        case 'list':
          return children.map((item, i) => `${b.format === 'ordered' ? `${i + 1}.` : '-'} ${inlineToMarkdown(asList(asRecord(item).children))}`).join('\n');
        case 'image':
          return '';
        default:
          return inlineToMarkdown(children);
      }
    })
    .filter(Boolean)
    .join('\n\n');
}

function inlineToMarkdown(nodes: readonly unknown[]): string {
  return nodes
    .map((node) => {
      const n = asRecord(node);
      if (n.type === 'link') return `[${inlineToMarkdown(asList(n.children))}](${String(n.url ?? '')})`;
      let text = String(n.text ?? '');
      if (!n.code) text = text.replace(/([\\*_~`[])/g, '\\$1');
      if (n.code) text = `\`${text}\``;
      if (n.italic) text = `_${text}_`;
      if (n.strikethrough) text = `~~${text}~~`;
      if (n.bold) text = `**${text}**`;
      return text;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
