/**
 * The filter expressions of Okta (`search`/`filter`, SCIM-like:
 * `profile.name eq "Eng Team" and status eq "ACTIVE"`) and of Microsoft Graph
 * (`$filter`, OData: `displayName eq 'Eng Team'`, `startswith(mail,'a')`).
 *
 * Supported: `eq ne gt ge lt le sw co ew pr`, `startswith(attr,'v')`,
 * `endswith(attr,'v')`, `and`, `or`, `not`, parentheses; string, number,
 * boolean and null literals. String comparison ignores case, as both services do.
 */

export class FilterSyntaxError extends Error {}

type Token =
  | { kind: 'word'; value: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'punct'; value: '(' | ')' | ',' };

export type Predicate = (item: unknown) => boolean;

const OPERATORS = new Set([
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'sw',
  'co',
  'ew',
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          throw new FilterSyntaxError('Unterminated string');
        const d = text[i];
        if (d === '\\' && c === '"') {
          value += text[i + 1] ?? '';
          i += 2;
        } else if (d === c && c === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'literal', value });
    } else {
      const m = /^[^\s(),"']+/.exec(text.slice(i));
      const word = m![0];
      i += word.length;
      if (/^-?\d+(\.\d+)?$/.test(word))
        tokens.push({ kind: 'literal', value: Number(word) });
      else if (word === 'true' || word === 'false') {
        tokens.push({ kind: 'literal', value: word === 'true' });
      } else if (word === 'null') tokens.push({ kind: 'literal', value: null });
      else tokens.push({ kind: 'word', value: word });
    }
  }
  return tokens;
}

/** Reads a dotted (`profile.name`) or slashed (`signInActivity/lastSignInDateTime`) attribute. */
export function readAttribute(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split(/[./]/)) {
    if (typeof current !== 'object' || current === null) return undefined;
    const record = current as Record<string, unknown>;
    const key = Object.keys(record).find(
      k => k.toLowerCase() === part.toLowerCase(),
    );
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function compare(op: string, actual: unknown, expected: unknown): boolean {
  if (expected === null || actual === null || actual === undefined) {
    const same = (actual ?? null) === expected;
    if (op === 'eq') return same;
    if (op === 'ne') return !same;
    return false;
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (
      ISO_DATE.test(actual) &&
      ISO_DATE.test(expected) &&
      !['sw', 'co', 'ew'].includes(op)
    ) {
      return ordered(op, Date.parse(actual) - Date.parse(expected));
    }
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    if (op === 'sw') return a.startsWith(b);
    if (op === 'co') return a.includes(b);
    if (op === 'ew') return a.endsWith(b);
    return ordered(op, a.localeCompare(b, 'en'));
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    return ordered(op, actual - expected);
  }
  if (op === 'eq') return actual === expected;
  if (op === 'ne') return actual !== expected;
  return false;
}

function ordered(op: string, diff: number): boolean {
  switch (op) {
    case 'eq':
      return diff === 0;
    case 'ne':
      return diff !== 0;
    case 'gt':
      return diff > 0;
    case 'ge':
      return diff >= 0;
    case 'lt':
      return diff < 0;
    case 'le':
      return diff <= 0;
    default:
      return false;
  }
}

/**
 * Parses a filter expression into a predicate. `allowedAttributes`, when given,
 * limits the attributes the expression may name (case-insensitive).
 */
export function parseFilter(
  text: string,
  allowedAttributes?: string[],
): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const allowed = allowedAttributes?.map(a => a.toLowerCase());

  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.value.toLowerCase() : undefined;
  };
  const expectPunct = (value: string) => {
    const t = tokens[pos++];
    if (t?.kind !== 'punct' || t.value !== value) {
      throw new FilterSyntaxError(`Expected '${value}'`);
    }
  };
  const attribute = (): string => {
    const t = tokens[pos++];
    if (t?.kind !== 'word')
      throw new FilterSyntaxError('Expected an attribute');
    if (allowed && !allowed.includes(t.value.toLowerCase())) {
      throw new FilterSyntaxError(`Unsupported attribute '${t.value}'`);
    }
    return t.value;
  };
  const literal = (): string | number | boolean | null => {
    const t = tokens[pos++];
    if (t?.kind !== 'literal') throw new FilterSyntaxError('Expected a value');
    return t.value;
  };

  const primary = (): Predicate => {
    const t = tokens[pos];
    if (t?.kind === 'punct' && t.value === '(') {
      pos++;
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    const word = peekWord();
    if (
      (word === 'startswith' || word === 'endswith') &&
      tokens[pos + 1]?.value === '('
    ) {
      pos += 2;
      const attr = attribute();
      expectPunct(',');
      const value = literal();
      expectPunct(')');
      const op = word === 'startswith' ? 'sw' : 'ew';
      return item => compare(op, readAttribute(item, attr), value);
    }
    const attr = attribute();
    const op = peekWord();
    pos++;
    if (op === 'pr') {
      return item => {
        const v = readAttribute(item, attr);
        return v !== undefined && v !== null && v !== '';
      };
    }
    if (!op || !OPERATORS.has(op))
      throw new FilterSyntaxError('Expected an operator');
    const value = literal();
    return item => compare(op, readAttribute(item, attr), value);
  };
  const unary = (): Predicate => {
    if (peekWord() === 'not') {
      pos++;
      const inner = primary();
      return item => !inner(item);
    }
    return primary();
  };
  const andExpr = (): Predicate => {
    const parts = [unary()];
    while (peekWord() === 'and') {
      pos++;
      parts.push(unary());
    }
    return item => parts.every(p => p(item));
  };
  function orExpr(): Predicate {
    const parts = [andExpr()];
    while (peekWord() === 'or') {
      pos++;
      parts.push(andExpr());
    }
    return item => parts.some(p => p(item));
  }

  if (tokens.length === 0) throw new FilterSyntaxError('Empty filter');
  const predicate = orExpr();
  if (pos !== tokens.length)
    throw new FilterSyntaxError('Unexpected trailing input');
  return predicate;
}
