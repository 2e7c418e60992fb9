import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import fs from 'node:fs';

/** Flags for headless Chromium as root on a machine with no network but loopback. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(p => p && fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s chromium package or set CHROMIUM_PATH');
  return found;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}

/** A fresh browser session signed in as a demo user, through the sign-in page. */
export async function signedIn(browser: Browser, appUrl: string, displayName: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(appUrl);
  await page.getByRole('button', { name: new RegExp(displayName) }).click({ timeout: 60_000 });
  await page.getByText('Catalog', { exact: true }).first().waitFor({ timeout: 60_000 });
  return { context, page };
}
