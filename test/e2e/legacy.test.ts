/*
 * The same portal on the legacy frontend system (packages/app-legacy, wired as the README's
 * legacy install section says), started with `backstage-cli repo start app-legacy backend`:
 * the main journey and the page widths, as on the new-frontend-system app.
 */
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch } from '../support/browser';
import { assertPagesFit, Demo, requestApproveGiveBack, startDemo } from '../support/demo';

describe('the demo portal on the legacy frontend system', () => {
  let browser: Browser;
  let demo: Demo;

  before(async () => {
    demo = await startDemo('app-legacy');
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

  it('Priya asks for admin for 1 h; Omar and Sam approve from the inbox; Priya sees it active and gives it back', async () => {
    await requestApproveGiveBack(browser, demo);
  });
});
