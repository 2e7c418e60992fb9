import { checkCanCancel, isManualRequest } from './cancel';

const priya = { userEntityRef: 'user:default/priya' };
const omar = { userEntityRef: 'user:default/omar' };
const request = (status: string, groups: string[]) => ({
  requester: 'user:default/priya',
  status,
  groups,
});

describe('checkCanCancel', () => {
  it('lets the requester cancel a pending request', () => {
    expect(checkCanCancel(request('pending', ['SF-Admin']), priya)).toEqual({
      allowed: true,
    });
    expect(
      checkCanCancel(request('pending', ['SF-Admin']), {
        userEntityRef: 'User:default/Priya',
      }),
    ).toEqual({
      allowed: true,
    });
  });

  it('lets the requester cancel an approved request only while it waits to be fulfilled by hand', () => {
    expect(checkCanCancel(request('approved', []), priya)).toEqual({
      allowed: true,
    });
    expect(checkCanCancel(request('approved', ['SF-Admin']), priya)).toEqual({
      allowed: false,
      reason: 'not-cancellable',
      status: 'approved',
    });
  });

  it('refuses requests that are past cancelling', () => {
    for (const status of ['granted', 'rejected', 'cancelled', 'failed']) {
      expect(checkCanCancel(request(status, []), priya)).toEqual({
        allowed: false,
        reason: 'not-cancellable',
        status,
      });
    }
  });

  it('lets only the requester cancel', () => {
    expect(checkCanCancel(request('pending', []), omar)).toEqual({
      allowed: false,
      reason: 'not-requester',
    });
  });

  it('calls a request without groups manual', () => {
    expect(isManualRequest({ groups: [] })).toBe(true);
    expect(isManualRequest({ groups: ['SF-Admin'] })).toBe(false);
  });
});
