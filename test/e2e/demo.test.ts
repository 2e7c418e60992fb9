/*
 * End to end in a real browser: the demo portal started the way `npm start` starts it
 * (backstage-cli repo start: the new-frontend-system app in packages/app, with the bundled
 * emulators), driven as people would drive it. Each scenario checks what the page shows and
 * what the emulated Okta and Jira hold, and leaves a screenshot of its final state in
 * test/output/e2e.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, signedIn } from '../support/browser';
import { eventually } from '../support/backend';
import { accessTab as tabOf, assertPagesFit, Demo, requestApproveGiveBack, role, shoot, shots, startDemo } from '../support/demo';

describe('the demo portal in a browser', () => {
  let browser: Browser;
  let demo: Demo;
  let appUrl: string;
  const members = (group: string) => demo.members(group);
  const jiraState = () => demo.jiraState();
  const issueText = (key: string) => demo.issueText(key);
  const accessTab = (app: string, kind = 'component') => tabOf(appUrl, app, kind);

  before(async () => {
    demo = await startDemo('app');
    appUrl = demo.appUrl;
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  for (const width of [1280, 1920]) {
    it(`lays every page out within a ${width} px window, in the theme's font`, async () => {
      await assertPagesFit(browser, demo, width);
    });
  }

  it('Priya requests Salesforce viewer and gets it at once, recorded in Jira', async () => {
    const { context, page } = await signedIn(browser, appUrl, 'Priya Shah');
    await page.goto(accessTab('salesforce'));
    await role(page, 'Viewer').getByRole('button', { name: 'Request' }).click();
    await page.getByLabel('Justification').fill('Pipeline dashboards for the weekly business review');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Request sent').waitFor();
    const link = page.getByRole('link', { name: /ACCESS-\d+/ }).first();
    await link.waitFor({ timeout: 60_000 });
    const key = (await link.textContent())!.match(/ACCESS-\d+/)![0];
    await eventually('the Okta membership', async () => (await members('SF-Viewer')).includes('priya@example.com'));
    assert.match(await issueText(key), /Pipeline dashboards for the weekly business review/);
    await shoot(page, '1-viewer-granted');
    await context.close();
  });

  it('refuses a request without a justification, inline', async () => {
    const { context, page } = await signedIn(browser, appUrl, 'Priya Shah');
    await page.goto(accessTab('salesforce'));
    await role(page, 'Standard user').getByRole('button', { name: 'Request' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Say why you need this access').waitFor();
    assert.equal(await page.getByText('Request sent').count(), 0);
    await shoot(page, '2-justification-required');
    await context.close();
  });

  it('Priya asks for admin for 1 h; Omar and Sam approve from the inbox; Priya sees it active and gives it back', async () => {
    await requestApproveGiveBack(browser, demo, { screenshots: shoot });
  });

  it('a one-minute grant ends through the expiry sweep', async () => {
    const { context, page } = await signedIn(browser, appUrl, 'Ada Novak');
    await page.goto(accessTab('sandbox'));
    await role(page, 'Quick look').getByRole('button', { name: 'Request' }).click();
    await page.getByLabel('Justification').fill('Checking the sandbox');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Request sent').waitFor();
    await eventually('the membership', async () => (await members('GitHub-Maintainers')).includes('ada@example.com'), 60_000);
    await eventually('the expiry', async () => !(await members('GitHub-Maintainers')).includes('ada@example.com'), 150_000);
    await page.reload();
    await page.getByText(/^History \(/).click({ timeout: 30_000 });
    await page.getByText(/^Expired/).first().waitFor();
    await shoot(page, '4-expired');
    await context.close();
  });

  it('Omar reviews Salesforce: revokes a member with no request, keeps Priya, completes, downloads the CSV', async () => {
    const { context, page } = await signedIn(browser, appUrl, 'Omar Haddad');
    await page.goto(`${appUrl}/catalog/default/component/salesforce/access-review`);
    await page.getByRole('button', { name: 'Start a campaign' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start campaign' }).click();
    await page.getByText('No request on record — revoke').first().waitFor({ timeout: 60_000 });
    await shoot(page, '5a-review-campaign');

    await page.getByRole('checkbox', { name: 'Select Chris Contractor' }).check();
    await page.getByRole('button', { name: 'Revoke selected' }).click();
    await page.getByRole('dialog').getByLabel(/Why revoke/).fill('Contract ended in October');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await eventually('the drift member to be removed', async () => !(await members('SF-Standard')).includes('chris.contractor@example.com'), 60_000);

    await page.getByRole('checkbox', { name: 'Select Priya Shah' }).check();
    await page.getByRole('button', { name: 'Keep selected' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = path.join(shots, 'review.csv');
    await download.saveAs(csv);
    assert.match(fs.readFileSync(csv, 'utf8'), /chris\.contractor@example\.com/);

    await page.getByRole('button', { name: 'Complete campaign' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    await page.getByText('The campaign is completed.').waitFor({ timeout: 30_000 });
    await eventually('the campaign summary in Jira', async () => {
      const issues: any[] = Object.values((await jiraState()).issues);
      const campaign = issues.find(i => i.labels.includes('access-review'));
      return campaign && /Review completed by Omar Haddad/.test(JSON.stringify(campaign));
    }, 60_000);
    await shoot(page, '5b-review-completed');
    await context.close();
  });
});
