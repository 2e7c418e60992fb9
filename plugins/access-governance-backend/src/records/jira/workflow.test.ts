import { defaultJiraWorkflow } from '@accessgov/emulators';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_TRANSITIONS } from '../../handlers/record';
import { RecordStep } from '../../jobs/catalogue';

/** The transition names the demo configures, over the plugin's defaults. */
function configuredTransitions(): Record<RecordStep, string> {
  const appConfig = parse(
    readFileSync(resolve(__dirname, '../../../../../app-config.yaml'), 'utf8'),
  );
  return {
    ...DEFAULT_TRANSITIONS,
    ...(appConfig?.accessGovernance?.jira?.transitions ?? {}),
  };
}

/** The transition of a name (any case) available from a status. */
function transitionFrom(status: string, name: string) {
  return defaultJiraWorkflow.transitions.find(
    t =>
      t.name.toLowerCase() === name.trim().toLowerCase() &&
      (t.from === '*' ||
        t.from.some(f => f.toLowerCase() === status.toLowerCase())),
  );
}

/** Follows named transitions from the initial status; the status reached, or why not. */
function walk(names: string[]): string {
  let status = defaultJiraWorkflow.initial;
  for (const name of names) {
    const next = transitionFrom(status, name);
    if (!next) return `no '${name}' from ${status}`;
    status = next.to;
  }
  return status;
}

const category = (status: string) =>
  defaultJiraWorkflow.statuses.find(s => s.name === status)?.category;

describe("the Jira emulator's workflow and app-config.yaml", () => {
  const names = configuredTransitions();

  it('has a transition of every configured name', () => {
    const known = defaultJiraWorkflow.transitions.map(t =>
      t.name.toLowerCase(),
    );
    for (const name of Object.values(names)) {
      expect(known).toContain(name.toLowerCase());
    }
  });

  it('takes a request from Open to done along each path the plugin moves it', () => {
    const paths: RecordStep[][] = [
      ['approved', 'granted', 'ended'],
      ['granted', 'ended'],
      ['rejected'],
      ['approved', 'rejected'],
      ['cancelled'],
      ['approved', 'failed'],
      ['approved', 'failed', 'granted', 'ended'],
    ];
    for (const path of paths) {
      const reached = walk(path.map(step => names[step]));
      expect({ path, reached, category: category(reached) }).toEqual({
        path,
        reached,
        category: 'done',
      });
    }
  });

  it('takes a review campaign from Open to done when it completes', () => {
    expect(category(walk([names.ended]))).toBe('done');
  });
});
