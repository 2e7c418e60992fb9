/** A node of the Atlassian Document Format. */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  [key: string]: unknown;
}

/** An ADF document. */
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/**
 * Plain text as an ADF document: paragraphs at blank lines, hard breaks at single line
 * breaks.
 */
export function toAdf(text: string): AdfDocument {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map(p => p.trim())
    .filter(p => p.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map(paragraph => ({
      type: 'paragraph',
      content: paragraph.split('\n').flatMap((line, index) => {
        const nodes: AdfNode[] = index > 0 ? [{ type: 'hardBreak' }] : [];
        if (line.length > 0) nodes.push({ type: 'text', text: line });
        return nodes;
      }),
    })),
  };
}

/** The text of an ADF document, one line per block and per hard break. */
export function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as AdfNode;
  if (n.type === 'text') return typeof n.text === 'string' ? n.text : '';
  if (n.type === 'hardBreak') return '\n';
  const inner = (Array.isArray(n.content) ? n.content : [])
    .map(child => adfText(child))
    .join(n.type === 'doc' || isContainer(n.type) ? '\n' : '');
  return inner;
}

function isContainer(type: string): boolean {
  return [
    'bulletList',
    'orderedList',
    'listItem',
    'blockquote',
    'panel',
  ].includes(type);
}
