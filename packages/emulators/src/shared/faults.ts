import { randomUUID } from 'node:crypto';

/**
 * A fault rule injects misbehaviour into the calls that match it.
 *
 * `path` is a pattern over the request path (query excluded): `*` matches one
 * path segment, `**` any number of characters, `:name` one segment; anything
 * else is literal. `method` is an HTTP method or `*` (the default).
 */
export interface FaultRuleInput {
  method?: string;
  path: string;
  /** Delay before the call is answered (or before the other effects apply). */
  latencyMs?: number;
  /**
   * Answer with this status and the service's error body instead of serving the
   * call. 429 answers the service's throttling response with its headers.
   */
  status?: number;
  /** Seconds the client is asked to wait on a 429; default 1. */
  retryAfterSeconds?: number;
  /** Close the connection without an answer (the call is not applied). */
  drop?: boolean;
  /**
   * Apply the call, then close the connection without an answer: the write
   * lands but the client never learns it did. With `latencyMs` longer than
   * the client's timeout, the write lands late instead (after the client gave
   * up), which is how a timed-out call that still succeeds looks.
   */
  applyThenDrop?: boolean;
  /** Chance in [0, 1] that a matching call is affected; default 1. */
  probability?: number;
  /** Affect only the next N matching calls, then remove the rule. */
  times?: number;
  /**
   * Which calls the rule matches: `direct` ones, the requests inside a Graph `$batch`
   * (`batch`: each item fails on its own, a partial failure of the batch), or both (the
   * default).
   */
  scope?: 'direct' | 'batch' | 'any';
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How many calls the rule has affected so far. */
  hits: number;
}

/** What a matching rule asks the server to do with one call. */
export interface FaultEffect {
  rule: FaultRule;
  latencyMs: number;
  drop: boolean;
  applyThenDrop: boolean;
  status?: number;
  retryAfterSeconds: number;
}

export class FaultRules {
  private rules: Array<{ rule: FaultRule; regex: RegExp }> = [];

  add(input: FaultRuleInput): FaultRule {
    validateRule(input);
    const rule: FaultRule = {
      ...input,
      method: (input.method ?? '*').toUpperCase(),
      id: randomUUID(),
      hits: 0,
    };
    this.rules.push({ rule, regex: patternToRegex(input.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(r => ({ ...r.rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(r => r.rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Picks the first rule that matches and fires for this call, and counts the hit. */
  take(method: string, path: string, inBatch = false): FaultEffect | undefined {
    for (const entry of this.rules) {
      const { rule, regex } = entry;
      if (rule.method !== '*' && rule.method !== method.toUpperCase()) continue;
      if (rule.scope === 'direct' && inBatch) continue;
      if (rule.scope === 'batch' && !inBatch) continue;
      if (!regex.test(path)) continue;
      if (rule.probability !== undefined && Math.random() >= rule.probability) {
        continue;
      }
      rule.hits += 1;
      if (rule.times !== undefined && rule.hits >= rule.times) {
        this.remove(rule.id);
      }
      return {
        rule: { ...rule },
        latencyMs: rule.latencyMs ?? 0,
        drop: rule.drop ?? false,
        applyThenDrop: rule.applyThenDrop ?? false,
        status: rule.status,
        retryAfterSeconds: rule.retryAfterSeconds ?? 1,
      };
    }
    return undefined;
  }
}

function validateRule(input: FaultRuleInput): void {
  if (typeof input.path !== 'string' || input.path.length === 0) {
    throw new Error('A fault rule needs a path pattern');
  }
  if (
    input.status !== undefined &&
    (!Number.isInteger(input.status) ||
      input.status < 100 ||
      input.status > 599)
  ) {
    throw new Error('status must be an HTTP status code');
  }
  if (
    input.probability !== undefined &&
    !(input.probability >= 0 && input.probability <= 1)
  ) {
    throw new Error('probability must be between 0 and 1');
  }
  if (
    input.times !== undefined &&
    (!Number.isInteger(input.times) || input.times < 1)
  ) {
    throw new Error('times must be a positive integer');
  }
  if (
    input.latencyMs === undefined &&
    input.status === undefined &&
    !input.drop &&
    !input.applyThenDrop
  ) {
    throw new Error(
      'A fault rule needs latencyMs, status, drop or applyThenDrop',
    );
  }
  if (
    input.scope !== undefined &&
    !['direct', 'batch', 'any'].includes(input.scope)
  ) {
    throw new Error('scope must be direct, batch or any');
  }
  if (input.applyThenDrop && (input.drop || input.status !== undefined)) {
    throw new Error('applyThenDrop cannot be combined with drop or status');
  }
}

function patternToRegex(pattern: string): RegExp {
  let source = '';
  const tokens =
    pattern.match(/\*\*|\*|:[A-Za-z_][A-Za-z0-9_]*|[^*:]+|:/g) ?? [];
  for (const token of tokens) {
    if (token === '**') source += '.*';
    else if (token === '*' || /^:[A-Za-z_]/.test(token)) source += '[^/]+';
    else source += token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}
