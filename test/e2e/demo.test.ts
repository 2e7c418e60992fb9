/*
 * End to end in a real browser: the demo portal started the way `npm start` starts it
 * (backstage-cli repo start, with the bundled emulators), driven as people would drive it.
 * Each scenario checks what the page shows and what the emulated Okta and Jira hold, and
 * leaves a screenshot of its final state in test/output/e2e.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, signedIn } from '../support/browser';
import { eventually, freePort, root, scratchDir, startProcess, waitForUrl, writeConfig } from '../support/backend';

const shots = path.join(root, 'test', 'output', 'e2e');

describe('the demo portal in a browser', () => {
  let browser: Browser;
  let appUrl: string;
  let oktaUrl: string;
  let jiraUrl: string;
  let stopDemo: () => Promise<void>;

  const oktaState = async () => (await fetch(`${oktaUrl}/__emulator/state`)).json() as Promise<any>;
  const jiraState = async () => (await fetch(`${jiraUrl}/__emulator/state`)).json() as Promise<any>;
  const members = async (group: string) => {
    const state = await oktaState();
    const g: any = Object.values(state.groups).find((x: any) => x.profile.name === group);
    return g.members.map((id: string) => state.users[id].profile.login) as string[];
  };
  const issueText = async (key: string) => {
    const state = await jiraState();
    return JSON.stringify(Object.values(state.issues).find((i: any) => i.key === key));
  };
  const shoot = async (page: Page, name: string) => {
    // Away from the sidebar, which opens on hover.
    await page.mouse.move(1200, 850);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  };
  const accessTab = (app: string, kind = 'component') => `${appUrl}/catalog/default/${kind}/${app}/access`;

  /** The role block on the Access tab, by its title. */
  const role = (page: Page, title: string) =>
    page.locator('li, [data-testid^="role-"], div').filter({ has: page.getByText(title, { exact: true }) }).filter({ has: page.getByRole('button', { name: 'Request' }) }).last();

  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    const dir = scratchDir('e2e');
    const [appPort, backendPort, okta, graph, jira] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    appUrl = `http://localhost:${appPort}`;
    const backendUrl = `http://localhost:${backendPort}`;
    oktaUrl = `http://127.0.0.1:${okta}`;
    jiraUrl = `http://127.0.0.1:${jira}`;
    const config = writeConfig(dir, 'e2e.yaml', {
      app: { baseUrl: appUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort },
        cors: { origin: appUrl },
        database: { client: 'better-sqlite3', connection: { directory: path.join(dir, 'data') } },
      },
      catalog: {
        locations: [
          { type: 'file', target: path.join(root, 'packages/backend/catalog/org.yaml') },
          { type: 'file', target: path.join(root, 'packages/backend/catalog/apps.yaml') },
          { type: 'file', target: path.join(root, 'test/scenarios/catalog.yaml') },
        ],
      },
      accessGovernance: {
        emulators: { enabled: true, ports: { okta, graph, jira } },
        // Test-only: sweep every 5 seconds, so that a one-minute grant ends within the test.
        schedule: {
          expiry: { frequency: { seconds: 5 }, timeout: { minutes: 1 } },
          // The scenarios start their own review campaign.
          reviews: { frequency: { hours: 6 }, timeout: { minutes: 30 }, initialDelay: { hours: 6 } },
        },
      },
    });
    const demo = startProcess(
      process.execPath,
      [require.resolve('@backstage/cli/bin/backstage-cli'), 'repo', 'start', '--config', path.join(root, 'app-config.yaml'), '--config', config],
      { logFile: path.join(dir, 'demo.log') },
    );
    stopDemo = demo.stop;
    try {
      await waitForUrl(`${backendUrl}/api/access-governance/health`, 240_000, demo.child);
      await waitForUrl(appUrl, 240_000, demo.child);
    } catch (error) {
      throw new Error(`${error}\n${demo.tail()}`);
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await stopDemo?.();
  });

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
    await page.getByText(/justification is required/i).waitFor();
    assert.equal(await page.getByText('Request sent').count(), 0);
    await shoot(page, '2-justification-required');
    await context.close();
  });

  it('Priya asks for admin for 1 h; Omar and Sam approve from the inbox; Priya sees it active and gives it back', async () => {
    const priya = await signedIn(browser, appUrl, 'Priya Shah');
    await priya.page.goto(accessTab('salesforce'));
    await role(priya.page, 'System Admin').getByRole('button', { name: 'Request' }).click();
    await priya.page.getByRole('button', { name: '1 h' }).click();
    await priya.page.getByLabel('Justification').fill('Quarter-end cleanup of inactive users');
    await priya.page.getByRole('button', { name: 'Send request' }).click();
    await priya.page.getByText('Request sent').waitFor();
    await priya.page.getByText(/pending/i).first().waitFor();
    await priya.page.getByRole('link', { name: /ACCESS-\d+/ }).first().waitFor({ timeout: 60_000 });
    await shoot(priya.page, '3a-admin-pending');
    await priya.page.keyboard.press('Escape');
    await priya.page.reload();
    await priya.page.getByText('Pending approval').first().waitFor();
    assert.equal(await priya.page.getByRole('button', { name: 'Approve' }).count(), 0, 'no approve button on her own request');

    for (const approver of ['Omar Haddad', 'Sam Lee']) {
      const { context, page } = await signedIn(browser, appUrl, approver);
      await page.goto(`${appUrl}/access`);
      await page.getByRole('tab', { name: /Waiting on me \(1\)/ }).waitFor({ timeout: 30_000 });
      await page.getByText('Quarter-end cleanup of inactive users').waitFor();
      if (approver === 'Omar Haddad') await shoot(page, '3b-inbox');
      await page.getByRole('button', { name: 'Approve' }).first().click();
      await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('tab', { name: /Waiting on me \(0\)/ }).waitFor({ timeout: 30_000 });
      await context.close();
    }

    await eventually('the SF-Admin membership', async () => (await members('SF-Admin')).includes('priya@example.com'), 60_000);
    await priya.page.reload();
    await priya.page.getByText(/expires in (59 min|1 h)/).first().waitFor({ timeout: 30_000 });
    await shoot(priya.page, '3c-admin-active');
    await priya.page.getByRole('button', { name: 'Give back' }).first().click();
    await priya.page.getByRole('dialog').getByRole('button', { name: 'Give back' }).click();
    await eventually('the SF-Admin removal', async () => !(await members('SF-Admin')).includes('priya@example.com'), 60_000);
    const jira = await jiraState();
    const adminIssue: any = Object.values(jira.issues).find((i: any) => JSON.stringify(i).includes('Quarter-end cleanup of inactive users'));
    await eventually('the removal comment', async () => /Removed priya@example.com/.test(await issueText(adminIssue.key)));
    await priya.page.reload();
    await priya.page.getByText(/^History \(/).click();
    await priya.page.getByText('Access revoked').first().waitFor();
    await shoot(priya.page, '3d-given-back');
    await priya.context.close();
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
    await page.getByText('Access expired').first().waitFor();
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
