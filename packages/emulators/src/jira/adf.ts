import { isRecord } from '../shared/http';

/** An Atlassian Document Format node. */
export interface AdfNode {
  type: string;
  version?: number;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: unknown[];
  content?: AdfNode[];
}

const BLOCK_AND_INLINE_TYPES = new Set([
  'blockquote',
  'bulletList',
  'codeBlock',
  'date',
  'emoji',
  'expand',
  'hardBreak',
  'heading',
  'inlineCard',
  'listItem',
  'media',
  'mediaGroup',
  'mediaSingle',
  'mention',
  'nestedExpand',
  'orderedList',
  'panel',
  'paragraph',
  'rule',
  'status',
  'table',
  'tableCell',
  'tableHeader',
  'tableRow',
  'text',
  'blockCard',
  'taskList',
  'taskItem',
  'decisionList',
  'decisionItem',
]);

function validNode(node: unknown): boolean {
  if (!isRecord(node) || typeof node.type !== 'string') return false;
  if (!BLOCK_AND_INLINE_TYPES.has(node.type)) return false;
  if (
    node.type === 'text' &&
    (typeof node.text !== 'string' || node.text.length === 0)
  ) {
    return false;
  }
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) return false;
    return node.content.every(validNode);
  }
  return true;
}

/** Whether a value is an ADF document (`{type: "doc", version: 1, content: [...]}`) of known nodes. */
export function isAdfDocument(value: unknown): value is AdfNode {
  return (
    isRecord(value) &&
    value.type === 'doc' &&
    value.version === 1 &&
    Array.isArray(value.content) &&
    value.content.every(validNode)
  );
}

/** Turns plain text (REST v2) into a document: one paragraph per blank-line-separated block. */
export function textToAdf(text: string): AdfNode {
  const paragraphs = text
    .split(/\n\s*\n/)
    .filter(block => block.length > 0)
    .map(block => {
      const content: AdfNode[] = [];
      block.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line.length > 0) content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    });
  return { type: 'doc', version: 1, content: paragraphs };
}

/** Plain text of a document, as REST v2 shows it: blocks separated by blank lines. */
export function adfToText(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const children = (node.content ?? []).map(adfToText);
  if (node.type === 'doc') return children.join('\n\n');
  if (node.type === 'bulletList' || node.type === 'orderedList')
    return children.join('\n');
  return children.join('');
}
