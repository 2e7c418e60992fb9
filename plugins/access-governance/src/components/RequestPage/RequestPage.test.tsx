import { AccessAuditEvent } from '@accessgov/plugin-access-governance-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { screen, within } from '@testing-library/react';
import {
  app,
  adminRole,
  FakeAccessGovernanceApi,
  grant,
  rejected,
  request,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { fakeSignals, renderWithApi } from '../../__testUtils__/render';
import { AccessInboxPage } from '../AccessInboxPage';

jest.setTimeout(30_000);

const titles = {
  'user:default/bob': 'Bob Builder',
  'user:default/omar': 'Omar Haddad',
  'user:default/sam': 'Sam Lee',
  'group:default/revops': 'RevOps',
  'group:default/security': 'Security',
};

const hourAgo = new Date(Date.now() - 3600_000).toISOString();

function twoStageStory() {
  const api = new FakeAccessGovernanceApi();
  api.app = app({ roles: [adminRole] });
  api.requests = [
    request({
      status: 'granted',
      currentStage: null,
      grantId: 'grant-1',
      approvals: [
        {
          stage: 0,
          decision: 'approved',
          decidedBy: 'user:default/omar',
          decidedAt: hourAgo,
          comment: 'Fine for the quarter close',
        },
        {
          stage: 1,
          decision: 'approved',
          decidedBy: 'user:default/sam',
          decidedAt: hourAgo,
          comment: 'Six hours only',
        },
      ],
    }),
  ];
  api.grants = [
    grant({ id: 'grant-1', requestId: 'req-1', user: 'user:default/bob' }),
  ];
  const granted: AccessAuditEvent = {
    id: 'ev-2',
    entityRef: 'component:default/salesforce',
    type: 'access-granted',
    actor: 'system',
    requestId: 'req-1',
    grantId: 'grant-1',
    details: {
      provider: 'okta',
      groups: ['SF-Admin'],
      idpGroups: [{ name: 'SF-Admin', id: '00g1sfadmin' }],
    },
    createdAt: hourAgo,
  };
  api.events = [granted];
  return api;
}

describe('the request page', () => {
  it('tells who asked, for what, why, both stages with their deciders and comments, the IdP change and the expiry', async () => {
    const api = twoStageStory();
    await renderWithApi(<AccessInboxPage />, api, {
      titles,
      routeEntries: ['/requests/req-1'],
    });

    expect(
      await screen.findByText('Bob Builder asked for System Admin'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('INC-1234: fix the broken workflow'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Stage 1 of 2: RevOps', { exact: false }),
    ).toBeInTheDocument();
    const first = screen.getByTestId('stage-1');
    expect(first).toHaveTextContent(/^Approved by Omar Haddad/);
    expect(
      within(first).getByText('“Fine for the quarter close”'),
    ).toBeInTheDocument();
    const second = screen.getByTestId('stage-2');
    expect(second).toHaveTextContent(/^Approved by Sam Lee/);
    expect(within(second).getByText('“Six hours only”')).toBeInTheDocument();
    expect(screen.getByText('Stage 2 of 2: Security')).toBeInTheDocument();

    expect(screen.getByText('SF-Admin')).toBeInTheDocument();
    expect(screen.getByText(/id 00g1sfadmin/)).toBeInTheDocument();
    expect(screen.getByText('expires in 3 h 12 min')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /ACCESS-7/ })).toHaveAttribute(
      'href',
      'https://jira.example.com/browse/ACCESS-7',
    );
    const history = screen.getByRole('list', { name: 'Request history' });
    expect(
      within(history).getByText('Bob Builder asked for access'),
    ).toBeInTheDocument();
    expect(
      within(history).getByText(
        'The access was granted in the identity provider',
      ),
    ).toBeInTheDocument();
    expect(api.callsOf('getRequestHistory')).toEqual([['req-1']]);
  });

  it('names the delegate and the approver they stood in for', async () => {
    const api = twoStageStory();
    api.requests[0].approvals[1] = {
      ...api.requests[0].approvals[1],
      decidedBy: 'user:default/bob',
      onBehalfOf: 'user:default/sam',
    };
    api.events = [
      {
        id: 'ev-3',
        entityRef: 'component:default/salesforce',
        type: 'request-approved',
        actor: 'user:default/bob',
        requestId: 'req-1',
        grantId: null,
        details: { stage: 1, onBehalfOf: 'user:default/sam' },
        createdAt: hourAgo,
      },
    ];
    await renderWithApi(<AccessInboxPage />, api, {
      titles,
      routeEntries: ['/requests/req-1'],
    });
    expect(await screen.findByTestId('stage-2')).toHaveTextContent(
      /^Approved by Bob Builder for Sam Lee/,
    );
    expect(
      await screen.findByText('Bob Builder approved stage 2 for Sam Lee'),
    ).toBeInTheDocument();
  });

  it('says how a rejected request ended, with the reason', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = app({ roles: [adminRole] });
    api.requests = [rejected('user:default/omar', 'Not this quarter')];
    await renderWithApi(<AccessInboxPage />, api, {
      titles,
      routeEntries: ['/requests/req-1'],
    });
    expect(
      await screen.findByText('Rejected by Omar Haddad: Not this quarter'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('stage-2')).toHaveTextContent('Not decided');
  });

  it('shows the second stage waiting, and updates when the backend signals the approval', async () => {
    const signals = fakeSignals();
    const api = twoStageStory();
    const [story] = api.requests;
    api.requests = [
      {
        ...story,
        status: 'pending',
        currentStage: 1,
        grantId: null,
        approvals: [story.approvals[0]],
      },
    ];
    api.events = [];
    await renderWithApi(<AccessInboxPage />, api, {
      titles,
      routeEntries: ['/requests/req-1'],
      apis: [[signalApiRef, signals.api]],
    });
    expect(await screen.findByTestId('stage-2')).toHaveTextContent(
      'Waiting for a decision',
    );
    expect(screen.getByText('Pending approval')).toBeInTheDocument();

    api.requests = [story];
    api.events = twoStageStory().events;
    signals.emit('access-governance', {
      kind: 'request',
      id: 'req-1',
      entityRef: story.entityRef,
    });
    expect(await screen.findByText('Granted')).toBeInTheDocument();
    expect(screen.getByTestId('stage-2')).toHaveTextContent(
      /^Approved by Sam Lee/,
    );
  });

  it('says so when the request does not exist or is hidden', async () => {
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<AccessInboxPage />, api, {
      routeEntries: ['/requests/nope'],
    });
    expect(
      await screen.findByText(/Could not load the request/),
    ).toBeInTheDocument();
  });
});
