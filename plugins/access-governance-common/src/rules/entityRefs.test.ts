import { isAmong, isSelf, sameEntityRef } from './entityRefs';

const priya = {
  userEntityRef: 'user:default/priya',
  ownershipEntityRefs: ['user:default/priya', 'group:default/engineering'],
};

describe('entity refs', () => {
  it('matches users and groups case-insensitively', () => {
    expect(isAmong(priya, ['Group:default/Engineering'])).toBe(true);
    expect(isAmong(priya, ['group:default/revops'])).toBe(false);
  });

  it('finds the caller among refs by their own user ref too', () => {
    expect(
      isAmong(
        { userEntityRef: 'user:default/priya', ownershipEntityRefs: [] },
        ['User:default/Priya'],
      ),
    ).toBe(true);
  });

  it('knows the caller themselves, whatever the case', () => {
    expect(isSelf(priya, 'user:default/Priya')).toBe(true);
    expect(isSelf(priya, 'group:default/engineering')).toBe(false);
    expect(
      sameEntityRef(
        'component:default/SalesForce',
        'component:default/salesforce',
      ),
    ).toBe(true);
    expect(
      sameEntityRef('component:default/salesforce', 'component:default/jira'),
    ).toBe(false);
  });
});
