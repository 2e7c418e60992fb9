import { checkNewRequest } from './newRequest';

describe('checkNewRequest', () => {
  const pending = { id: 'r1', roleId: 'admin', status: 'pending' };
  const approved = { id: 'r2', roleId: 'admin', status: 'approved' };
  const rejected = { id: 'r3', roleId: 'admin', status: 'rejected' };
  const active = { id: 'g1', roleId: 'admin', status: 'active' };
  const expired = { id: 'g2', roleId: 'admin', status: 'expired' };

  it('allows a role with no open request and no active grant', () => {
    expect(checkNewRequest('admin', [rejected], [expired])).toEqual({
      allowed: true,
    });
    expect(checkNewRequest('standard', [pending], [active])).toEqual({
      allowed: true,
    });
  });

  it('is blocked by an open request of the same role', () => {
    expect(checkNewRequest('admin', [rejected, pending], [])).toEqual({
      allowed: false,
      reason: 'open-request',
      request: pending,
    });
    expect(checkNewRequest('admin', [approved], [])).toEqual({
      allowed: false,
      reason: 'open-request',
      request: approved,
    });
  });

  it('is blocked by an active grant of the same role', () => {
    expect(checkNewRequest('admin', [rejected], [expired, active])).toEqual({
      allowed: false,
      reason: 'held',
      grant: active,
    });
  });
});
