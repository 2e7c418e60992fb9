import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readAccessBundle } from './bundle';
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
    expect(examples.length).toBeGreaterThanOrEqual(4);
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

  it('include a valid access bundle', () => {
    const section = readme.slice(
      readme.indexOf('<!-- declaring-roles:start -->'),
      readme.indexOf('<!-- declaring-roles:end -->'),
    );
    const bundles = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(match => parse(match[1]))
      .filter(doc => doc?.spec?.type === 'access-bundle');
    expect(bundles).toHaveLength(1);
    expect(readAccessBundle(bundles[0])).toMatchObject({ ok: true });
  });
});
