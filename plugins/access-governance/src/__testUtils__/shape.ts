/** The kind of a value as JSON tells it, with blobs apart. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Blob) return 'blob';
  return typeof value;
}

/**
 * Where two answers to the same call differ in shape: a key one has and the other lacks,
 * or values of different kinds. A `null` stands for any kind (a value not set in that
 * answer); arrays are compared by their first elements.
 */
export function shapeDifferences(
  expected: unknown,
  actual: unknown,
  path: string,
): string[] {
  const want = kindOf(expected);
  const got = kindOf(actual);
  if (want === 'null' || got === 'null') return [];
  if (want !== got) return [`${path}: ${want} in one, ${got} in the other`];
  if (want === 'array') {
    const [first] = expected as unknown[];
    const [other] = actual as unknown[];
    return first === undefined || other === undefined
      ? []
      : shapeDifferences(first, other, `${path}[0]`);
  }
  if (want !== 'object') return [];
  const a = expected as Record<string, unknown>;
  const b = actual as Record<string, unknown>;
  const keys = Array.from(new Set([...Object.keys(a), ...Object.keys(b)]));
  return keys.sort().flatMap(key => {
    if (!(key in b)) return [`${path}.${key}: only in the first`];
    if (!(key in a)) return [`${path}.${key}: only in the second`];
    return shapeDifferences(a[key], b[key], `${path}.${key}`);
  });
}
