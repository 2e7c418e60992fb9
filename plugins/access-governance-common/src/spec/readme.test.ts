import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { formatAccessSpecError, readAccessSpec } from './readAccessSpec';

const readme = fs.readFileSync(
  path.resolve(__dirname, '../../../../README.md'),
  'utf8',
);

describe('the "Declaring roles" examples of the README', () => {
  it('are valid declarations', () => {
    const section = readme.slice(
      readme.indexOf('<!-- declaring-roles:start -->'),
      readme.indexOf('<!-- declaring-roles:end -->'),
    );
    const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(match => parse(match[1]))
      .filter(doc => doc?.spec?.access);
    expect(examples).toHaveLength(4);
    for (const doc of examples) {
      const result = readAccessSpec({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'example' },
        spec: doc.spec,
      });
      expect(result.ok ? [] : result.errors.map(formatAccessSpecError)).toEqual(
        [],
      );
    }
  });
});
