/*
 * End to end in a real browser, on the demo portal as `npm start` starts it: a holder
 * extends a time-bound grant through its approvers again, and on call breaks the glass on
 * production, which an approver then flags. Each checks what the page shows and what the
 * emulated Okta and Jira hold, and leaves screenshots in test/output/e2e.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launch, signedIn } from '../support/browser';
import { eventually } from '../support/backend';
import {
  accessTab as tabOf,
  Demo,
  role,
  shoot,
  startDemo,
} from '../support/demo';

describe('extend and break glass in the demo portal', () => {
  let browser: Browser;
  let demo: Demo;
  let appUrl: string;
  const accessTab = (app: string, kind = 'component') =>
    tabOf(appUrl, app, kind);
  const issueWith = async (text: string) => {
    const jira = await demo.jiraState();
    return Object.values(jira.issues).find((i: any) =>
      JSON.stringify(i).includes(text),
    ) as any;
  };

  before(async () => {
    demo = await startDemo('app');
    appUrl = demo.appUrl;
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function approveInInbox(
    approver: string,
    justification: string,
    extension: boolean,
  ) {
    const { context, page } = await signedIn(browser, appUrl, approver);
    await page.goto(`${appUrl}/access`);
    const row = page.getByRole('row').filter({ hasText: justification });
    await row.waitFor({ timeout: 60_000 });
    if (extension) await row.getByText('Extension').waitFor();
    if (approver === 'Omar Haddad' && extension)
      await shoot(page, 'lifecycle-1b-extension-in-inbox');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Approve' })
      .click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await context.close();
  }

  it('Priya extends Salesforce System Admin from My access; Omar and Sam approve it again', async () => {
    const priya = await signedIn(browser, appUrl, 'Priya Shah');
    await priya.page.goto(accessTab('salesforce'));
    await role(priya.page, 'System Admin')
      .getByRole('button', { name: 'Request' })
      .click();
    await priya.page.getByRole('button', { name: '1 h' }).click();
    await priya.page
      .getByLabel('Justification')
      .fill('Data migration for the new territories');
    await priya.page.getByRole('button', { name: 'Send request' }).click();
    await priya.page.getByText('Request sent').waitFor();
    await priya.page.keyboard.press('Escape');
    for (const approver of ['Omar Haddad', 'Sam Lee']) {
      await approveInInbox(
        approver,
        'Data migration for the new territories',
        false,
      );
    }
    await eventually(
      'the SF-Admin membership',
      async () =>
        (await demo.members('SF-Admin')).includes('priya@example.com'),
      60_000,
    );

    await priya.page.reload();
    await priya.page
      .getByText(/expires in (59 min|1 h)/)
      .first()
      .waitFor({ timeout: 30_000 });
    await priya.page.getByRole('button', { name: 'Extend' }).click();
    const dialog = priya.page.getByRole('dialog');
    await dialog.getByText('Extend System Admin').waitFor();
    await dialog.getByRole('button', { name: '1 h' }).click();
    await dialog
      .getByLabel(/for longer/)
      .fill('The migration runs into the evening');
    await dialog.getByRole('button', { name: 'Ask for more time' }).click();
    await dialog.getByText('Extension sent').waitFor();
    await shoot(priya.page, 'lifecycle-1a-extension-sent');
    await priya.page.keyboard.press('Escape');

    await approveInInbox(
      'Omar Haddad',
      'The migration runs into the evening',
      true,
    );
    await approveInInbox(
      'Sam Lee',
      'The migration runs into the evening',
      true,
    );

    await priya.page.reload();
    await priya.page
      .getByText(/expires in (1 h 5\d min|2 h)/)
      .first()
      .waitFor({ timeout: 30_000 });
    await shoot(priya.page, 'lifecycle-1c-extended');
    const issue = await issueWith('Data migration for the new territories');
    await eventually(
      'the extension on the original Jira issue',
      async () => {
        const text = await demo.issueText(issue.key);
        return (
          text.includes('The migration runs into the evening') &&
          text.includes('Access extended: it now ends at')
        );
      },
      60_000,
    );
    assert.ok((await demo.members('SF-Admin')).includes('priya@example.com'));
    await priya.context.close();
  });

  it('Yuki, on call, breaks the glass on AWS production; Ada flags it and the access goes', async () => {
    const yuki = await signedIn(browser, appUrl, 'Yuki Tanaka');
    await yuki.page.goto(accessTab('aws-production', 'resource'));
    await role(yuki.page, 'Administrator')
      .getByRole('button', { name: 'Request' })
      .click();
    const dialog = yuki.page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Break glass' }).check();
    await dialog
      .getByLabel('Justification')
      .fill('INC-311: checkout errors in eu-west-1');
    await shoot(yuki.page, 'lifecycle-2a-break-glass');
    await dialog.getByRole('button', { name: 'Break glass' }).click();
    await dialog.getByText('Request sent').waitFor();
    await eventually(
      'the AWS-Prod-Admin membership',
      async () =>
        (await demo.members('AWS-Prod-Admin')).includes('yuki@example.com'),
      60_000,
    );
    // The IdP change runs ahead of the record: the issue follows.
    const issue = await eventually(
      'the Jira issue of the break-glass request',
      () => issueWith('INC-311: checkout errors in eu-west-1'),
      60_000,
    );
    await eventually(
      'the break-glass label',
      async () => (await demo.issueText(issue.key)).includes('"break-glass"'),
      60_000,
    );
    await yuki.context.close();

    const priya = await signedIn(browser, appUrl, 'Priya Shah');
    await priya.page.goto(accessTab('aws-production', 'resource'));
    await role(priya.page, 'Administrator')
      .getByRole('button', { name: 'Request' })
      .click();
    await priya.page.getByRole('dialog').getByLabel('Justification').waitFor();
    assert.equal(
      await priya.page.getByRole('checkbox', { name: 'Break glass' }).count(),
      0,
      'no break glass outside on call',
    );
    await priya.context.close();

    const ada = await signedIn(browser, appUrl, 'Ada Novak');
    await ada.page.goto(`${appUrl}/access`);
    await ada.page
      .getByText('Break glass to review')
      .waitFor({ timeout: 60_000 });
    const row = ada.page
      .getByRole('row')
      .filter({ hasText: 'INC-311: checkout errors in eu-west-1' });
    await shoot(ada.page, 'lifecycle-2b-review');
    await row.getByRole('button', { name: 'Flag' }).click();
    const flag = ada.page.getByRole('dialog');
    await flag.getByRole('textbox').fill('No incident INC-311 on record');
    await flag.getByRole('button', { name: 'Flag' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await eventually(
      'the AWS-Prod-Admin removal',
      async () =>
        !(await demo.members('AWS-Prod-Admin')).includes('yuki@example.com'),
      60_000,
    );
    await eventually(
      'the flag on the Jira issue',
      async () =>
        (await demo.issueText(issue.key)).includes(
          'No incident INC-311 on record',
        ),
      60_000,
    );
    await ada.context.close();
  });
});
