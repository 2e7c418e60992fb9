import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModuleAccessGovernance from '.';

describe('scaffolder module access-governance', () => {
  it('adds access-governance:request to the scaffolder, with its input and output schemas', async () => {
    const added: any[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...a: any[]) => added.push(...a) },
        ],
      ],
      features: [scaffolderModuleAccessGovernance],
    });
    expect(added.map(a => a.id)).toEqual(['access-governance:request']);
    const [action] = added;
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema.input.required).toEqual([
      'app',
      'role',
      'justification',
    ]);
    expect(Object.keys(action.schema.output.properties)).toEqual([
      'requestId',
      'status',
      'statusText',
      'jiraKey',
      'requestPath',
    ]);
  });
});
