import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { accessGovernancePlugin } from './plugin';

describe('accessGovernancePlugin', () => {
  it('answers the health check without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        accessGovernancePlugin,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    const res = await request(server).get('/api/access-governance/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
