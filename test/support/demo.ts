import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { eventually, freePort, root, scratchDir, startProcess, waitForUrl, writeConfig } from './backend';
import { signedIn } from './browser';

/** A running demo portal: the backend with its emulators and one of the two frontend apps. */
export type Demo = {
  appUrl: string;
  oktaUrl: string;
  jiraUrl: string;
  stop(): Promise<void>;
  /** Okta logins in the group named `group`. */
  members(group: string): Promise<string[]>;
  /** Everything the Jira emulator holds. */
  jiraState(): Promise<any>;
  /** The Jira issue with key `key`, as JSON text. */
  issueText(key: string): Promise<string>;
};

/**
 * Starts the demo portal as `npm start` does (`backstage-cli repo start`), with its own
 * ports and database: `app` is the new-frontend-system app that `npm start` serves, and
 * `app-legacy` the legacy frontend system's app.
 */
export async function startDemo(frontend: 'app' | 'app-legacy'): Promise<Demo> {
  const dir = scratchDir(`e2e-${frontend}`);
  const [appPort, backendPort, okta, graph, jira] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const oktaUrl = `http://127.0.0.1:${okta}`;
  const jiraUrl = `http://127.0.0.1:${jira}`;
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
  // With no package named, `repo start` starts packages/app and packages/backend, as `npm start` does.
  const packages = frontend === 'app' ? [] : [frontend, 'backend'];
  const demo = startProcess(
    process.execPath,
    [require.resolve('@backstage/cli/bin/backstage-cli'), 'repo', 'start', ...packages, '--config', path.join(root, 'app-config.yaml'), '--config', config],
    { logFile: path.join(dir, 'demo.log') },
  );
  try {
    await waitForUrl(`${backendUrl}/api/access-governance/health`, 240_000, demo.child);
    await waitForUrl(appUrl, 240_000, demo.child);
  } catch (error) {
    await demo.stop();
    throw new Error(`${error}\n${demo.tail()}`);
  }
  const oktaState = async () => (await fetch(`${oktaUrl}/__emulator/state`)).json() as Promise<any>;
  const jiraState = async () => (await fetch(`${jiraUrl}/__emulator/state`)).json() as Promise<any>;
  return {
    appUrl,
    oktaUrl,
    jiraUrl,
    stop: demo.stop,
    jiraState,
    members: async group => {
      const state = await oktaState();
      const g: any = Object.values(state.groups).find((x: any) => x.profile.name === group);
      return g.members.map((id: string) => state.users[id].profile.login) as string[];
    },
    issueText: async key => JSON.stringify(Object.values((await jiraState()).issues).find((i: any) => i.key === key)),
  };
}

/** Where the browser tests leave their screenshots. */
export const shots = path.join(root, 'test', 'output', 'e2e');

/** A full-page screenshot in test/output/e2e, taken away from the sidebar, which opens on hover. */
export async function shoot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.mouse.move(1200, 850);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** The Access tab of an app. */
export const accessTab = (appUrl: string, app: string, kind = 'component') => `${appUrl}/catalog/default/${kind}/${app}/access`;

/** The role block on the Access tab, by its title. */
export const role = (page: Page, title: string) =>
  page
    .locator('li, [data-testid^="role-"], div')
    .filter({ has: page.getByText(title, { exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Request' }) })
    .last();

/**
 * The main journey: Priya asks for Salesforce System Admin for 1 h, Omar and Sam approve
 * from the inbox, Priya sees it active in Okta and on the page, and gives it back.
 */
export async function requestApproveGiveBack(
  browser: Browser,
  demo: Demo,
  options: { screenshots?: (page: Page, name: string) => Promise<void> } = {},
) {
  const { appUrl, members, jiraState, issueText } = demo;
  const snap = options.screenshots ?? (async () => {});
  const priya = await signedIn(browser, appUrl, 'Priya Shah');
  await priya.page.goto(accessTab(appUrl, 'salesforce'));
  await role(priya.page, 'System Admin').getByRole('button', { name: 'Request' }).click();
  await priya.page.getByRole('button', { name: '1 h' }).click();
  await priya.page.getByLabel('Justification').fill('Quarter-end cleanup of inactive users');
  await priya.page.getByRole('button', { name: 'Send request' }).click();
  await priya.page.getByText('Request sent').waitFor();
  await priya.page.getByText(/pending/i).first().waitFor();
  await priya.page.getByRole('link', { name: /ACCESS-\d+/ }).first().waitFor({ timeout: 60_000 });
  await snap(priya.page, '3a-admin-pending');
  await priya.page.keyboard.press('Escape');
  await priya.page.reload();
  await priya.page.getByText('Pending approval').first().waitFor();
  assert.equal(await priya.page.getByRole('button', { name: 'Approve' }).count(), 0, 'no approve button on her own request');

  for (const approver of ['Omar Haddad', 'Sam Lee']) {
    const { context, page } = await signedIn(browser, appUrl, approver);
    await page.goto(`${appUrl}/access`);
    await page.getByRole('tab', { name: /Waiting on me \(1\)/ }).waitFor({ timeout: 30_000 });
    await page.getByText('Quarter-end cleanup of inactive users').waitFor();
    if (approver === 'Omar Haddad') await snap(page, '3b-inbox');
    await page.getByRole('button', { name: 'Approve' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('tab', { name: /Waiting on me \(0\)/ }).waitFor({ timeout: 30_000 });
    await context.close();
  }

  await eventually('the SF-Admin membership', async () => (await members('SF-Admin')).includes('priya@example.com'), 60_000);
  await priya.page.reload();
  await priya.page.getByText(/expires in (59 min|1 h)/).first().waitFor({ timeout: 30_000 });
  await snap(priya.page, '3c-admin-active');
  await priya.page.getByRole('button', { name: 'Give back' }).first().click();
  await priya.page.getByRole('dialog').getByRole('button', { name: 'Give back' }).click();
  await eventually('the SF-Admin removal', async () => !(await members('SF-Admin')).includes('priya@example.com'), 60_000);
  const jira = await jiraState();
  const adminIssue: any = Object.values(jira.issues).find((i: any) => JSON.stringify(i).includes('Quarter-end cleanup of inactive users'));
  await eventually('the removal comment', async () => /Removed priya@example.com/.test(await issueText(adminIssue.key)));
  await priya.page.reload();
  await priya.page.getByText(/^History \(/).click();
  await priya.page.getByText(/^Given back/).first().waitFor();
  await snap(priya.page, '3d-given-back');
  await priya.context.close();
}

/**
 * Checks that the catalog, an app's Access and Access review tabs and the inbox are no wider
 * than a window `width` px wide, with their text in the theme's font.
 */
export async function assertPagesFit(browser: Browser, demo: Demo, width: number) {
  for (const p of await pageWidths(browser, demo, width)) {
    assert.ok(p.scrollWidth <= p.innerWidth, `${p.path} is ${p.scrollWidth} px wide in a ${p.innerWidth} px window`);
    assert.match(p.textFont, /Helvetica|Roboto|system-ui|sans-serif/, `${p.path} text in ${p.textFont}`);
  }
}

/**
 * The pages of the portal at a window width, each with what shows it has rendered, and the
 * width of the page the browser laid out (`document.documentElement.scrollWidth`).
 */
export async function pageWidths(browser: Browser, demo: Demo, width: number) {
  const { context, page } = await signedIn(browser, demo.appUrl, 'Omar Haddad');
  await page.setViewportSize({ width, height: 900 });
  const pages: [string, (p: Page) => Promise<void>][] = [
    ['/catalog', p => p.getByRole('link', { name: 'Salesforce' }).first().waitFor()],
    [accessTab('', 'salesforce'), p => p.getByRole('button', { name: 'Request' }).first().waitFor()],
    ['/catalog/default/component/salesforce/access-review', p => p.getByRole('button', { name: 'Start a campaign' }).waitFor()],
    ['/access', p => p.getByRole('tab', { name: /Waiting on me/ }).waitFor()],
  ];
  const widths: { path: string; scrollWidth: number; innerWidth: number; textFont: string }[] = [];
  for (const [pagePath, rendered] of pages) {
    await page.goto(`${demo.appUrl}${pagePath}`);
    await rendered(page);
    // Tables settle their column widths after the first paint.
    await page.waitForTimeout(1000);
    widths.push({
      path: pagePath,
      ...(await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        // The first table cell where the page has a table, else the body.
        textFont: getComputedStyle(document.querySelector('td') ?? document.body).fontFamily,
      }))),
    });
  }
  await context.close();
  return widths;
}
