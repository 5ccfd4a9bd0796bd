// The post's Markdown, read by a real parser (mdast-util-from-markdown with
// GFM and front matter), turned into the blocks the roundup rules work on.
//
// The rules read a block's text as canonical inline Markdown written from the
// syntax tree, so that what they see no longer depends on how the author wrote
// it: every link is `[text](url)` (reference links resolved, autolinks and bare
// URLs as `[url](url)`), every image `![alt](url)`, emphasis `*…*` and strong
// `**…**`, code `` `…` ``; entities and backslash escapes are decoded. A
// character that is literal text but means something in that canonical form
// (`*`, `_`, `` ` ``, `<`) is held as a private-use stand-in while the rules
// run, and `restoreLiterals` turns it back at the end. Square brackets stay
// as written: a broken link (`Name](url)`, `[text]https://…)`) is text to
// mdast, and the link reader recovers it.
//
// Code (fenced or indented) is never prose: a heading inside a fence is not a
// heading, and a fence inside a bullet is not part of the bullet's text.
import type {
  Blockquote,
  Definition,
  List,
  ListItem as MdListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';

export interface SourceLine {
  text: string;
  line: number;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  /** The paragraph's lines joined with single spaces. */
  text: string;
  line: number;
  /** Offset in `text` where each source line starts, with its line number. */
  starts: { offset: number; line: number }[];
}

export interface ListItem {
  /** The item's own text: its paragraphs' lines (a lazy continuation line included). */
  lines: SourceLine[];
  line: number;
  children: ListItem[];
}

export interface TableRow {
  cells: string[];
  line: number;
}

export type Block =
  | { kind: 'heading'; level: number; text: string; line: number }
  | ParagraphBlock
  | { kind: 'image'; alt: string; url: string; line: number }
  | { kind: 'list'; ordered: boolean; items: ListItem[]; line: number }
  | { kind: 'table'; header: TableRow; rows: TableRow[]; line: number }
  | { kind: 'html' | 'quote' | 'rule' | 'code'; text: string; line: number };

export interface MarkdownDocument {
  /** The YAML front matter's text and the file line of its first key, when the post starts with one. */
  frontMatter: { value: string; firstLine: number } | null;
  blocks: Block[];
}

// Literal characters that would read as markup in the canonical text.
const LITERAL_TO_STANDIN: Record<string, string> = { '*': '\uE011', _: '\uE012', '`': '\uE013', '<': '\uE014' };
const STANDIN_TO_LITERAL = new Map(Object.entries(LITERAL_TO_STANDIN).map(([k, v]) => [v, k]));
const LITERALS = /[*_`<]/g;
const STANDINS = /[\uE011-\uE014]/g;

function holdLiterals(text: string): string {
  return text.replace(LITERALS, (c) => LITERAL_TO_STANDIN[c] ?? c);
}

/** Turns the stand-ins of literal `*`, `_`, `` ` `` and `<` back into the characters, in every string of `value`. */
export function restoreLiterals<T>(value: T): T {
  if (typeof value === 'string') return value.replace(STANDINS, (c) => STANDIN_TO_LITERAL.get(c) ?? c) as T;
  if (Array.isArray(value)) return value.map((v) => restoreLiterals(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = restoreLiterals(v);
    return out as T;
  }
  return value;
}

/** Parses a whole post (front matter included) into its syntax tree. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

type Definitions = Map<string, string>;

function collectDefinitions(node: Nodes, into: Definitions): void {
  if (node.type === 'definition') {
    const d = node as Definition;
    if (!into.has(d.identifier)) into.set(d.identifier, d.url);
    return;
  }
  if ('children' in node) for (const child of node.children) collectDefinitions(child as Nodes, into);
}

const startLine = (node: Nodes): number => node.position?.start.line ?? 0;

/** Writes phrasing content as canonical inline Markdown, one entry per source line. */
class LineWriter {
  readonly lines: SourceLine[] = [];
  private current: SourceLine | null = null;

  constructor(private readonly definitions: Definitions) {}

  private append(text: string, line: number): void {
    if (!this.current) {
      this.current = { text: '', line };
      this.lines.push(this.current);
    }
    this.current.text += text;
  }

  private newLine(line: number): void {
    this.current = { text: '', line };
    this.lines.push(this.current);
  }

  private endsWithBrokenLinkText(): boolean {
    return /\]\(?$/.test(this.current?.text ?? '');
  }

  write(nodes: readonly PhrasingContent[]): void {
    for (const node of nodes) this.node(node);
  }

  private node(node: PhrasingContent): void {
    const line = startLine(node);
    switch (node.type) {
      case 'text': {
        const parts = node.value.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) this.newLine(line + i);
          this.append(holdLiterals(part), line + i);
        });
        return;
      }
      case 'break':
        this.newLine((node.position?.end.line ?? line) + (node.position ? 0 : 1));
        return;
      case 'emphasis':
        this.append('*', line);
        this.write(node.children);
        this.append('*', line);
        return;
      case 'strong':
        this.append('**', line);
        this.write(node.children);
        this.append('**', line);
        return;
      case 'delete':
        // Struck-through text is what the author took back.
        return;
      case 'inlineCode':
        this.append(`\`${holdLiterals(node.value).replace(/\n/g, ' ')}\``, line);
        return;
      case 'html':
        this.append(node.value.replace(/\n/g, ' '), line);
        return;
      case 'link':
        if (this.endsWithBrokenLinkText() && isBareUrl(node)) {
          // `[text]https://…)` or `Name](https://…)`: a broken link's destination, autolinked by GFM.
          // Left as text, so that the link reader recovers the whole link.
          this.append(node.url, line);
          return;
        }
        this.append(`[${flatText(node.children, this.definitions)}](${node.url})`, line);
        return;
      case 'linkReference': {
        const url = this.definitions.get(node.identifier);
        const text = flatText(node.children, this.definitions);
        this.append(url === undefined ? text : `[${text}](${url})`, line);
        return;
      }
      case 'image':
        this.append(`![${holdLiterals(node.alt ?? '')}](${node.url})`, line);
        return;
      case 'imageReference': {
        const url = this.definitions.get(node.identifier);
        if (url !== undefined) this.append(`![${holdLiterals(node.alt ?? '')}](${url})`, line);
        return;
      }
      default:
        // footnoteReference and anything else without prose: nothing to read.
        return;
    }
  }
}

/** A URL written bare in the text (a GFM autolink literal), not a `[text](url)` or `<url>` link. */
function isBareUrl(node: { url: string; children: PhrasingContent[] }): boolean {
  const only = node.children[0];
  if (node.children.length !== 1 || only?.type !== 'text') return false;
  return node.url === only.value || node.url === `http://${only.value}` || node.url === `mailto:${only.value}`;
}

/** Phrasing content as one line of canonical inline Markdown (line breaks as spaces). */
function flatText(nodes: readonly PhrasingContent[], definitions: Definitions): string {
  const w = new LineWriter(definitions);
  w.write(nodes);
  return w.lines.map((l) => l.text).join(' ');
}

/** Runs of blanks inside a line read as one space: they are layout, not content. */
function inlineText(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function makeParagraph(lines: SourceLine[]): ParagraphBlock {
  let text = '';
  const starts: { offset: number; line: number }[] = [];
  for (const l of lines) {
    if (text) text += ' ';
    starts.push({ offset: text.length, line: l.line });
    text += inlineText(l.text);
  }
  return { kind: 'paragraph', text, line: lines[0]?.line ?? 0, starts };
}

/** The source line of `offset` in a paragraph's text. */
export function lineAt(p: ParagraphBlock, offset: number): number {
  let lo = 0;
  let hi = p.starts.length - 1;
  let line = p.line;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = p.starts[mid] as { offset: number; line: number };
    if (s.offset <= offset) {
      line = s.line;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return line;
}

const IMAGE_LINE = /^\s*!\[([^\]]*)\]\(([^)]*)\)\s*$/;

function paragraphLines(p: Paragraph, definitions: Definitions): SourceLine[] {
  const w = new LineWriter(definitions);
  w.write(p.children);
  return w.lines.filter((l) => l.text.trim() !== '');
}

/** A paragraph's lines as blocks: a line that is only an image is an image block (a photo between paragraphs). */
function paragraphBlocks(p: Paragraph, definitions: Definitions): Block[] {
  const out: Block[] = [];
  let run: SourceLine[] = [];
  for (const l of paragraphLines(p, definitions)) {
    const image = IMAGE_LINE.exec(l.text);
    if (image) {
      if (run.length) out.push(makeParagraph(run));
      run = [];
      out.push({ kind: 'image', alt: inlineText(image[1] ?? ''), url: (image[2] ?? '').trim(), line: l.line });
      continue;
    }
    run.push(l);
  }
  if (run.length) out.push(makeParagraph(run));
  return out;
}

function listItems(list: List, definitions: Definitions): ListItem[] {
  return list.children.map((item: MdListItem) => {
    const lines: SourceLine[] = [];
    const children: ListItem[] = [];
    for (const child of item.children) {
      if (child.type === 'paragraph') {
        for (const l of paragraphLines(child, definitions)) lines.push({ text: inlineText(l.text), line: l.line });
      } else if (child.type === 'heading') {
        const w = new LineWriter(definitions);
        w.write(child.children);
        for (const l of w.lines) lines.push({ text: inlineText(l.text), line: l.line });
      } else if (child.type === 'list') {
        children.push(...listItems(child, definitions));
      }
      // Code, quotes, tables and HTML inside an item are not the item's words.
    }
    return { lines, line: startLine(item), children };
  });
}

function tableBlock(table: Table, definitions: Definitions): Block {
  const rows = table.children.map((row) => ({
    cells: row.children.map((cell) => inlineText(flatText(cell.children, definitions))),
    line: startLine(row),
  }));
  const [header, ...body] = rows;
  return { kind: 'table', header: header ?? { cells: [], line: startLine(table) }, rows: body, line: startLine(table) };
}

function quoteText(q: Blockquote, definitions: Definitions): string {
  return q.children
    .flatMap((c) => (c.type === 'paragraph' ? paragraphLines(c, definitions).map((l) => inlineText(l.text)) : []))
    .join('\n');
}

function blocksOf(nodes: readonly RootContent[], definitions: Definitions, out: Block[]): void {
  for (const node of nodes) {
    const line = startLine(node);
    switch (node.type) {
      case 'heading':
        out.push({ kind: 'heading', level: node.depth, text: inlineText(flatText(node.children, definitions)), line });
        break;
      case 'paragraph':
        out.push(...paragraphBlocks(node, definitions));
        break;
      case 'list':
        out.push({ kind: 'list', ordered: node.ordered === true, items: listItems(node, definitions), line });
        break;
      case 'table':
        out.push(tableBlock(node, definitions));
        break;
      case 'thematicBreak':
        out.push({ kind: 'rule', text: '---', line });
        break;
      case 'code':
        out.push({ kind: 'code', text: node.value, line });
        break;
      case 'html':
        out.push({ kind: 'html', text: node.value, line });
        break;
      case 'blockquote':
        out.push({ kind: 'quote', text: quoteText(node, definitions), line });
        break;
      default:
        // yaml (read separately), definitions (resolved into links), footnotes: no blocks.
        break;
    }
  }
}

/** Reads a post's front matter and body blocks; every block keeps the file line it starts on. */
export function readMarkdown(text: string): MarkdownDocument {
  const root = parseMarkdown(text);
  const definitions: Definitions = new Map();
  collectDefinitions(root, definitions);
  const first = root.children[0];
  const frontMatter = first?.type === 'yaml' ? { value: first.value, firstLine: startLine(first) + 1 } : null;
  const blocks: Block[] = [];
  blocksOf(root.children, definitions, blocks);
  return { frontMatter, blocks };
}

// micromark resolves emphasis, strikethrough and link brackets by looking back
// over every earlier delimiter of the same paragraph: fine for prose, quadratic
// for a paragraph holding thousands of them (`*a*b*a…` of 80 kB took a minute).
// No roundup paragraph needs more than a few dozen, so above DELIMITER_LIMIT
// a paragraph's delimiters of that kind are read as literal characters
// (backslash-escaped), which keeps parsing linear; the link reader still finds
// `[text](url)` in the literal text.
const DELIMITER_LIMIT = 128;
const DELIMITERS = ['*', '_', '~', '[', ']', '`'] as const;

function escapeAll(line: string, c: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    // A bullet marker at the start of a line stays a bullet.
    const bullet = ch === '*' && /^\s*$/.test(line.slice(0, i)) && /\s/.test(line[i + 1] ?? ' ');
    out += ch === c && line[i - 1] !== '\\' && !bullet ? `\\${ch}` : ch;
  }
  return out;
}

/** Escapes the delimiters of each run of non-blank lines that holds more than DELIMITER_LIMIT of one kind. */
export function defuseDenseMarkup(lines: readonly string[]): string[] {
  const out = [...lines];
  let start = 0;
  while (start < out.length) {
    while (start < out.length && !(out[start] as string).trim()) start++;
    let end = start;
    const counts = new Map<string, number>();
    while (end < out.length && (out[end] as string).trim()) {
      for (const ch of out[end] as string) {
        if ((DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      end++;
    }
    for (const [ch, n] of counts) {
      if (n <= DELIMITER_LIMIT) continue;
      for (let i = start; i < end; i++) out[i] = escapeAll(out[i] as string, ch);
    }
    start = end;
  }
  return out;
}
