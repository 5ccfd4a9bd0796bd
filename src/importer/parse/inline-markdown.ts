// Inline Markdown written from the syntax tree: phrasing content as canonical
// inline Markdown, one entry per source line (links as `[text](url)`,
// reference links resolved, emphasis `*…*`, strong `**…**`), and the
// stand-ins that hold literal `*`, `_`, `` ` `` and `<` while the rules run.
import type { Definition, Nodes, PhrasingContent } from 'mdast';
import type { SourceLine } from './markdown.ts';

// Literal characters that would read as markup in the canonical text.
const LITERAL_TO_STANDIN: Record<string, string> = { '*': '\uE011', _: '\uE012', '`': '\uE013', '<': '\uE014' };
const STANDIN_TO_LITERAL = new Map(Object.entries(LITERAL_TO_STANDIN).map(([k, v]) => [v, k]));
const LITERALS = /[*_`<]/g;
const STANDINS = /[\uE011-\uE014]/g;

export function holdLiterals(text: string): string {
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

export type Definitions = Map<string, string>;

export function collectDefinitions(node: Nodes, into: Definitions): void {
  if (node.type === 'definition') {
    const d = node as Definition;
    if (!into.has(d.identifier)) into.set(d.identifier, d.url);
    return;
  }
  if ('children' in node) for (const child of node.children) collectDefinitions(child as Nodes, into);
}

export const startLine = (node: Nodes): number => node.position?.start.line ?? 0;

/** Writes phrasing content as canonical inline Markdown, one entry per source line. */
export class LineWriter {
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
export function flatText(nodes: readonly PhrasingContent[], definitions: Definitions): string {
  const w = new LineWriter(definitions);
  w.write(nodes);
  return w.lines.map((l) => l.text).join(' ');
}

/** Runs of blanks inside a line read as one space: they are layout, not content. */
export function inlineText(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}
