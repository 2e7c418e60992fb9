import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { request } from '../../__testUtils__/FakeAccessGovernanceApi';
import { presentationApi } from '../../__testUtils__/render';
import { StageLabel } from './StageLabel';

describe('StageLabel', () => {
  it('names the stage by its approvers, with the full label on hover', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            entityPresentationApiRef,
            presentationApi({ 'group:default/revops': 'RevOps' }),
          ],
        ]}
      >
        <StageLabel request={request()} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Stage 1 of 2 · RevOps')).toHaveAttribute(
      'title',
      'Stage 1 of 2: App approvers (group:default/revops)',
    );
  });
});
