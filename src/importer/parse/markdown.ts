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
import type { Blockquote, List, ListItem as MdListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import {
  collectDefinitions,
  type Definitions,
  flatText,
  inlineText,
  LineWriter,
  startLine,
} from './inline-markdown.ts';

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

/** Parses a whole post (front matter included) into its syntax tree. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
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
