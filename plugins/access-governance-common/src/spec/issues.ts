import { z } from 'zod';
import { AccessSpecError } from './types';

/** `['roles', 1, 'duration', 'default']` → `roles[1].duration.default` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') {
      return `${text}[${key}]`;
    }
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

const typeNames: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'a mapping of fields',
  boolean: 'true or false',
  number: 'a number',
};

function describeValue(value: unknown): string {
  if (value === null) {
    return 'empty';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeNames[typeof value] ?? typeof value;
}

/**
 * The issues of the one branch of a union whose type matched the value (for `approval`,
 * the text branch for text and the list branch for a list), so that the error names the
 * real problem rather than "does not match any form".
 */
function matchingBranch(issue: z.core.$ZodIssueInvalidUnion) {
  const matching = issue.errors.filter(
    branch =>
      !branch.some(i => i.code === 'invalid_type' && i.path.length === 0),
  );
  return matching.length === 1 ? matching[0] : undefined;
}

/** Turns schema issues into errors with a path and plain words. */
export function describeIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<PropertyKey> = [],
): AccessSpecError[] {
  return issues.flatMap(issue => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map(key => ({
          path: formatPath([...path, key]),
          message: issue.message,
        }));
      case 'invalid_union': {
        const branch = matchingBranch(issue);
        if (branch) {
          return describeIssues(branch, path);
        }
        return [{ path: formatPath(path), message: issue.message }];
      }
      case 'invalid_type':
        return [
          {
            path: formatPath(path),
            message:
              issue.input === undefined
                ? 'is required'
                : `must be ${typeNames[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`,
          },
        ];
      case 'invalid_value':
        return [
          {
            path: formatPath(path),
            message: `${String(issue.input)} is not one of ${issue.values
              .map(String)
              .join(', ')}`,
          },
        ];
      case 'too_small':
        return [
          {
            path: formatPath(path),
            message:
              issue.origin === 'array'
                ? 'must not be an empty list'
                : 'must not be empty',
          },
        ];
      default:
        return [{ path: formatPath(path), message: issue.message }];
    }
  });
}
