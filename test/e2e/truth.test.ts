/*
 * Screens and the Jira record that tell the truth, in a real browser against the demo
 * portal as `npm start` starts it: a page open on a request follows its approval without a
 * reload, the request page tells both stages, ended access reads how it ended, the Jira
 * issue property follows the grant to its end, a completed campaign's issue is done, the
 * emulated Jira shows issues as pages, and no Jira comment of the journey shows an entity
 * ref, a role id or a job id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch, signedIn } from '../support/browser';
import { eventually } from '../support/backend';
import { accessTab, Demo, role, shoot, startDemo } from '../support/demo';

/** The plain text of an ADF document (or a v2 string body). */
function adfText(node: any): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const own = typeof node.text === 'string' ? node.text : '';
  const children = Array.isArray(node.content) ? node.content.map(adfText).join(node.type === 'doc' ? '\n' : '') : '';
  return `${own}${children}`;
}

/** Entity refs (`user:default/priya`), job ids (`job-12`) and role markers left in a text. */
const ENTITY_REF = /\b(?:user|group|component|system|resource|api|domain):[\w.-]+\/[\w.-]+/;
const JOB_ID = /\bjob-\d+\b/;
/** The ids of the roles the journey touches, as words of their own (titles are capitalised). */
const ROLE_IDS = /⟦role|\b(?:admin|viewer|standard|quick)\b/;

describe('screens and the Jira record tell the truth', () => {
  let browser: Browser;
  let demo: Demo;
  let appUrl: string;
  const issues = async (): Promise<any[]> => Object.values((await demo.jiraState()).issues);
  const issueWith = async (text: string) => (await issues()).find(i => JSON.stringify(i).includes(text));
  const statusOf = async (issue: any) => (await demo.jiraState()).settings.statuses.find((s: any) => s.id === issue.statusId);
  const propertyOf = async (text: string) => (await issueWith(text))?.properties?.accessGovernance;

  before(async () => {
    demo = await startDemo('app');
    appUrl = demo.appUrl;
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** Runs `steps` on `page`; when they fail, leaves a screenshot named `name` in test/output/e2e. */
  async function shotOnFailure<T>(page: Page, name: string, steps: () => Promise<T>): Promise<T> {
    try {
      return await steps();
    } catch (error) {
      await shoot(page, `truth-failed-${name}`).catch(() => undefined);
      throw error;
    }
  }

  /** Approves the request with `justification`, waiting on `approver`, from the inbox with a comment. */
  async function approveFromInbox(approver: string, justification: string, comment: string) {
    const { context, page } = await signedIn(browser, appUrl, approver);
    await shotOnFailure(page, `approve-${approver}`, async () => {
      await page.goto(`${appUrl}/access`);
      await page.getByRole('tab', { name: /Waiting on me \(1\)/ }).waitFor({ timeout: 30_000 });
      const row = page.getByRole('row').filter({ hasText: justification });
      await row.getByRole('button', { name: 'Approve' }).click({ timeout: 30_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: /Comment/ }).fill(comment, { timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('tab', { name: /Waiting on me \(0\)/ }).waitFor({ timeout: 30_000 });
    });
    await context.close();
  }

  it('a request page open beside the Access tab follows both approvals without a reload, then tells both stages; given back, it reads "Given back"', async () => {
    const justification = 'Truth check: quarter-end cleanup';
    const priya = await signedIn(browser, appUrl, 'Priya Shah');
    await priya.page.goto(accessTab(appUrl, 'salesforce'));
    await role(priya.page, 'System Admin').getByRole('button', { name: 'Request' }).click();
    await priya.page.getByRole('button', { name: '1 h' }).click();
    await priya.page.getByLabel('Justification').fill(justification);
    await priya.page.getByRole('button', { name: 'Send request' }).click();
    await priya.page.getByText('Request sent').waitFor();
    await priya.page.keyboard.press('Escape');

    // The request page, opened from the role's link in "Requests in progress", in a second page.
    const link = priya.page.getByRole('link', { name: 'System Admin' }).first();
    await link.waitFor({ timeout: 30_000 });
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /\/access\/requests\/[\w-]+$/);
    const second: Page = await priya.context.newPage();
    await second.goto(`${appUrl}${href}`);
    await second.getByText('Priya Shah asked for System Admin').waitFor({ timeout: 30_000 });
    await second.getByText('Pending approval').first().waitFor();
    assert.match(await second.getByTestId('stage-1').innerText(), /Waiting for a decision/);
    const navigations: string[] = [];
    second.on('framenavigated', frame => frame === second.mainFrame() && navigations.push(frame.url()));

    await approveFromInbox('Omar Haddad', justification, 'Fine for the quarter end');
    await second.getByTestId('stage-1').getByText(/Approved by Omar Haddad/).waitFor({ timeout: 30_000 });
    await approveFromInbox('Sam Lee', justification, 'One hour is enough');
    await second.getByTestId('stage-2').getByText(/Approved by Sam Lee/).waitFor({ timeout: 30_000 });
    await second.getByText('Granted', { exact: true }).first().waitFor({ timeout: 60_000 });
    assert.deepEqual(navigations, [], 'the request page updated in place');

    // Both stages: who decides them, who decided, and their comments.
    const stage1 = await second.getByTestId('stage-1').innerText();
    const stage2 = await second.getByTestId('stage-2').innerText();
    assert.match(stage1, /Approved by Omar Haddad[\s\S]*Fine for the quarter end/);
    assert.match(stage2, /Approved by Sam Lee[\s\S]*One hour is enough/);
    const stages = await second.getByText(/^Stage \d of 2: /).allInnerTexts();
    assert.deepEqual(stages, ['Stage 1 of 2: RevOps', 'Stage 2 of 2: Security']);
    assert.doesNotMatch(await second.locator('body').innerText(), ENTITY_REF, 'no entity ref on the request page');

    await eventually('the SF-Admin membership', async () => (await demo.members('SF-Admin')).includes('priya@example.com'), 60_000);
    await eventually('the property to read granted', async () => (await propertyOf(justification))?.status === 'granted', 60_000);

    // Given back from the Access tab: the request reads "Given back" in My requests.
    await priya.page.reload();
    await priya.page.getByRole('button', { name: 'Give back' }).first().click({ timeout: 30_000 });
    await priya.page.getByRole('dialog').getByRole('button', { name: 'Give back' }).click();
    await priya.page.getByText(/You gave back System Admin/).waitFor();
    await eventually('the SF-Admin removal', async () => !(await demo.members('SF-Admin')).includes('priya@example.com'), 60_000);
    await priya.page.goto(`${appUrl}/access`);
    await priya.page.getByRole('tab', { name: /My requests/ }).click();
    const row = priya.page.getByRole('row').filter({ hasText: 'System Admin' }).first();
    await row.getByText(/^Given back/).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await row.innerText(), /\bGranted\b/);
    // The request page says so too, and its history names the give-back.
    await second.getByText(/^Given back/).first().waitFor({ timeout: 30_000 });
    await second.getByRole('list', { name: 'Request history' }).getByText(/^Given back by Priya Shah/).waitFor();
    await eventually('the property to read given-back', async () => (await propertyOf(justification))?.status === 'given-back', 60_000);
    await priya.context.close();
  });

  it('a one-minute grant expires: the issue property reads expired and My requests says "Expired"', async () => {
    const justification = 'Truth check: a quick look';
    const { context, page } = await signedIn(browser, appUrl, 'Ada Novak');
    await page.goto(accessTab(appUrl, 'sandbox'));
    await role(page, 'Quick look').getByRole('button', { name: 'Request' }).click();
    await page.getByLabel('Justification').fill(justification);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByText('Request sent').waitFor();
    await eventually('the property to read granted', async () => (await propertyOf(justification))?.status === 'granted', 60_000);
    await eventually('the property to read expired', async () => (await propertyOf(justification))?.status === 'expired', 150_000);
    await page.goto(`${appUrl}/access`);
    await page.getByRole('tab', { name: /My requests/ }).click();
    await page.getByRole('row').filter({ hasText: 'Quick look' }).first().getByText(/^Expired/).waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('per-row review decisions at 1280 px; the completed campaign\'s Jira issue is done', async () => {
    // Priya holds Salesforce Viewer (granted at once), so that the campaign has somebody to keep.
    const priya = await signedIn(browser, appUrl, 'Priya Shah');
    await priya.page.goto(accessTab(appUrl, 'salesforce'));
    await role(priya.page, 'Viewer').getByRole('button', { name: 'Request' }).click();
    await priya.page.getByLabel('Justification').fill('Truth check: dashboards');
    await priya.page.getByRole('button', { name: 'Send request' }).click();
    await priya.page.getByText('Request sent').waitFor();
    await priya.context.close();
    await eventually('the SF-Viewer membership', async () => (await demo.members('SF-Viewer')).includes('priya@example.com'), 60_000);

    const { context, page } = await signedIn(browser, appUrl, 'Omar Haddad');
    await shotOnFailure(page, 'review', () => reviewAt1280(page));
    await context.close();
  });

  /** Omar's campaign of Salesforce at 1280 px: Revoke and Keep on their rows, then Complete. */
  async function reviewAt1280(page: Page) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${appUrl}/catalog/default/component/salesforce/access-review`);
    await page.getByRole('button', { name: 'Start a campaign' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start campaign' }).click();
    await page.getByText('No request on record — revoke').first().waitFor({ timeout: 60_000 });

    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(width.scroll <= width.inner, `the campaign is ${width.scroll} px wide in a ${width.inner} px window`);
    const revoke = page.getByRole('button', { name: 'Revoke Chris Contractor' });
    const box = await revoke.boundingBox();
    assert.ok(box && box.x + box.width <= 1280, 'the row\'s Revoke is in view');

    await revoke.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Chris Contractor/).first().waitFor();
    await dialog.getByLabel(/Why revoke/).fill('Contract ended in October');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually('the drift member to be removed', async () => !(await demo.members('SF-Standard')).includes('chris.contractor@example.com'), 60_000);

    const keep = page.getByRole('row').filter({ hasText: 'SF-Viewer' }).getByRole('button', { name: 'Keep Priya Shah' });
    await keep.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await keep.waitFor({ state: 'detached', timeout: 30_000 });

    await page.getByRole('button', { name: 'Complete campaign' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    await page.getByText('The campaign is completed.').waitFor({ timeout: 30_000 });
    const campaign = await eventually('the campaign issue to be done', async () => {
      const issue = (await issues()).find(i => i.labels.includes('access-review') && /Review completed by Omar Haddad/.test(JSON.stringify(i)));
      return issue && (await statusOf(issue))?.category === 'done' ? issue : undefined;
    }, 60_000);
    assert.ok(campaign.key);
  }

  it('the emulated Jira shows an issue at /browse/KEY as a page with its comments', async () => {
    const issue = await issueWith('Truth check: quarter-end cleanup');
    assert.ok(issue, 'the request issue exists');
    const { context, page } = await signedIn(browser, appUrl, 'Priya Shah');
    const answer = await page.goto(`${demo.jiraUrl}/browse/${issue.key}`);
    assert.equal(answer?.status(), 200);
    assert.match(answer?.headers()['content-type'] ?? '', /text\/html/);
    await page.getByText(issue.key).first().waitFor();
    await page.getByText(issue.summary).first().waitFor();
    const body = await page.locator('body').innerText();
    assert.match(body, /Fine for the quarter end/);
    assert.match(body, /One hour is enough/);
    await context.close();
  });

  it('no Jira comment of the journey shows an entity ref, a role id or a job id', async () => {
    const all = await issues();
    const comments = all.flatMap(i => i.comments.map((c: any) => ({ key: i.key, text: adfText(c.body) })));
    assert.ok(comments.length >= 8, `the journey wrote comments (${comments.length})`);
    const wrong = comments.filter(c => ENTITY_REF.test(c.text) || JOB_ID.test(c.text) || ROLE_IDS.test(c.text));
    assert.deepEqual(wrong, [], 'comments that show refs, role ids or job ids');
  });
});
