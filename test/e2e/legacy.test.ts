/*
 * The same portal on the legacy frontend system (packages/app-legacy, wired as the README's
 * legacy install section says), started with `backstage-cli repo start app-legacy backend`:
 * the main journey and the page widths, as on the new-frontend-system app.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launch } from '../support/browser';
import { Demo, pageWidths, requestApproveGiveBack, startDemo } from '../support/demo';

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
      for (const p of await pageWidths(browser, demo, width)) {
        assert.ok(p.scrollWidth <= p.innerWidth, `${p.path} is ${p.scrollWidth} px wide in a ${p.innerWidth} px window`);
        assert.match(p.textFont, /Helvetica|Roboto|system-ui|sans-serif/, `${p.path} text in ${p.textFont}`);
      }
    });
  }

  it('Priya asks for admin for 1 h; Omar and Sam approve from the inbox; Priya sees it active and gives it back', async () => {
    await requestApproveGiveBack(browser, demo);
  });
});
