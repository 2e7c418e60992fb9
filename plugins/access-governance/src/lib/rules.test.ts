import { request } from '../__testUtils__/FakeAccessGovernanceApi';
import { decisionCheck } from './rules';

const names: Record<string, string> = {
  'group:default/revops': 'RevOps',
  'group:default/security': 'Security',
};
const nameOf = (ref: string) => names[ref] ?? ref;

describe('decisionCheck', () => {
  const viewer = {
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['group:default/revops'],
  };
  it('lets a stage approver decide, but nobody their own request', () => {
    expect(decisionCheck(request(), viewer)).toEqual({ ok: true });
    expect(
      decisionCheck(request({ requester: 'user:default/Alice' }), viewer),
    ).toEqual({ ok: false, message: 'You cannot approve your own request' });
    expect(decisionCheck(request({ currentStage: 1 }), viewer, nameOf)).toEqual(
      {
        ok: false,
        message: 'Waiting on Security; this stage is not yours to decide',
      },
    );
  });
});
