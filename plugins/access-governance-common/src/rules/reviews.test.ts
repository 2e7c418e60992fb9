import { checkReviewAction, ReviewAction } from './reviews';

const actions: ReviewAction[] = ['open', 'complete', 'decide'];

describe('checkReviewAction', () => {
  it('lets reviewers open, complete and decide', () => {
    for (const action of actions) {
      expect(
        checkReviewAction(action, { reviewer: true, admin: false }),
      ).toEqual({ allowed: true });
    }
  });

  it('never lets an administrator who is not a reviewer decide items', () => {
    for (const adminsCanRunReviews of [false, true]) {
      expect(
        checkReviewAction(
          'decide',
          { reviewer: false, admin: true },
          { adminsCanRunReviews },
        ),
      ).toEqual({ allowed: false, reason: 'not-reviewer' });
    }
  });

  it('lets an administrator open and complete campaigns only where configured', () => {
    for (const action of ['open', 'complete'] as const) {
      expect(
        checkReviewAction(action, { reviewer: false, admin: true }),
      ).toEqual({ allowed: false, reason: 'not-reviewer' });
      expect(
        checkReviewAction(
          action,
          { reviewer: false, admin: true },
          { adminsCanRunReviews: true },
        ),
      ).toEqual({ allowed: true });
      expect(
        checkReviewAction(
          action,
          { reviewer: false, admin: false },
          { adminsCanRunReviews: true },
        ),
      ).toEqual({ allowed: false, reason: 'not-reviewer' });
    }
  });
});
