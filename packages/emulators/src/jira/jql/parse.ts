/**
 * The subset of JQL the emulator understands:
 *
 * - fields `project`, `key`/`issuekey`, `id`, `labels`, `status`, `issuetype`/`type`,
 *   `summary`, `text`, `reporter`, `created`, `updated`, `issue.property[key].path`;
 * - operators `=`, `!=`, `~`, `!~`, `>`, `>=`, `<`, `<=`, `in (…)`, `not in (…)`,
 *   `is EMPTY`, `is not EMPTY`; `currentUser()`;
 * - `AND`, `OR`, `NOT`, parentheses, and `ORDER BY field [ASC|DESC], …`.
 */

export class JqlError extends Error {}

export type JqlValue = string | { fn: string };

export type JqlClause =
  | { kind: 'and'; clauses: JqlClause[] }
  | { kind: 'or'; clauses: JqlClause[] }
  | { kind: 'not'; clause: JqlClause }
  | { kind: 'compare'; field: string; op: string; values: JqlValue[] };

export interface JqlOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  where?: JqlClause;
  orderBy: JqlOrder[];
}

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        value += text[i] ?? '';
        i++;
      }
      if (i >= text.length)
        throw new JqlError(
          'Error in the JQL Query: The quoted string has not been completed.',
        );
      i++;
      tokens.push({ kind: 'string', value });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else {
      const op = /^(!=|!~|>=|<=|=|~|>|<)/.exec(text.slice(i));
      if (op) {
        tokens.push({ kind: 'op', value: op[0] });
        i += op[0].length;
      } else {
        const word =
          /^(issue\.property\[[^\]]*\][\w.]*|cf\[\d+\]|[^\s()",'=!~<>]+)/.exec(
            text.slice(i),
          );
        if (!word)
          throw new JqlError(
            `Error in the JQL Query: The character '${c}' is a reserved JQL character.`,
          );
        tokens.push({ kind: 'word', value: word[0] });
        i += word[0].length;
      }
    }
  }
  return tokens;
}

export function parseJql(text: string): JqlQuery {
  const tokens = tokenize(text);
  let pos = 0;
  const keyword = (...words: string[]): boolean => {
    const t = tokens[pos];
    return t?.kind === 'word' && words.includes(t.value.toUpperCase());
  };
  const isPunct = (value: string) =>
    tokens[pos]?.kind === 'punct' && tokens[pos].value === value;
  const fail = (expected: string): never => {
    const near = tokens[pos]?.value;
    throw new JqlError(
      `Error in the JQL Query: Expecting ${expected} but got ${near === undefined ? 'end of query' : `'${near}'`}.`,
    );
  };

  const value = (): JqlValue => {
    const t = tokens[pos];
    if (!t || (t.kind !== 'word' && t.kind !== 'string'))
      return fail('a value');
    pos++;
    if (t.kind === 'word' && isPunct('(')) {
      pos++;
      if (!isPunct(')')) fail("')'");
      pos++;
      return { fn: t.value.toLowerCase() };
    }
    return t.value;
  };

  const clause = (): JqlClause => {
    const fieldToken = tokens[pos];
    if (
      !fieldToken ||
      (fieldToken.kind !== 'word' && fieldToken.kind !== 'string')
    ) {
      return fail('a field name');
    }
    pos++;
    const field = fieldToken.value;
    if (tokens[pos]?.kind === 'op') {
      const op = tokens[pos++].value;
      return { kind: 'compare', field, op, values: [value()] };
    }
    if (keyword('IS')) {
      pos++;
      const negated = keyword('NOT');
      if (negated) pos++;
      if (!keyword('EMPTY', 'NULL')) fail("'EMPTY'");
      pos++;
      return {
        kind: 'compare',
        field,
        op: negated ? 'is not empty' : 'is empty',
        values: [],
      };
    }
    const negated = keyword('NOT');
    if (negated) pos++;
    if (!keyword('IN')) return fail("an operator ('=', '!=', '~', 'in', 'is')");
    pos++;
    if (!isPunct('(')) fail("'('");
    pos++;
    const values = [value()];
    while (isPunct(',')) {
      pos++;
      values.push(value());
    }
    if (!isPunct(')')) fail("')'");
    pos++;
    return { kind: 'compare', field, op: negated ? 'not in' : 'in', values };
  };

  const unary = (): JqlClause => {
    if (keyword('NOT')) {
      pos++;
      return { kind: 'not', clause: unary() };
    }
    if (isPunct('(')) {
      pos++;
      const inner = orExpr();
      if (!isPunct(')')) fail("')'");
      pos++;
      return inner;
    }
    return clause();
  };
  const andExpr = (): JqlClause => {
    const clauses = [unary()];
    while (keyword('AND')) {
      pos++;
      clauses.push(unary());
    }
    return clauses.length === 1 ? clauses[0] : { kind: 'and', clauses };
  };
  function orExpr(): JqlClause {
    const clauses = [andExpr()];
    while (keyword('OR')) {
      pos++;
      clauses.push(andExpr());
    }
    return clauses.length === 1 ? clauses[0] : { kind: 'or', clauses };
  }

  const where = tokens.length === 0 || keyword('ORDER') ? undefined : orExpr();
  const orderBy: JqlOrder[] = [];
  if (keyword('ORDER')) {
    pos++;
    if (!keyword('BY')) fail("'BY'");
    pos++;
    do {
      if (isPunct(',')) pos++;
      const t = tokens[pos++];
      if (!t || t.kind === 'punct' || t.kind === 'op') fail('a field name');
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (keyword('ASC', 'DESC'))
        direction = tokens[pos++].value.toUpperCase() as 'ASC' | 'DESC';
      orderBy.push({ field: t.value.toLowerCase(), direction });
    } while (isPunct(','));
  }
  if (pos !== tokens.length) fail("'AND', 'OR' or 'ORDER BY'");
  return { where, orderBy };
}
