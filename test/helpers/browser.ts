import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';

/**
 * One Debian Chromium per test file. Every page gets a fresh context (no
 * storage shared between tests; axe needs one); page errors and console
 * errors are collected so each test can insist there were none.
 */
export function useChromium() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(url: string, options: BrowserContextOptions = {}): Promise<Page> {
      if (!browser) throw new Error('useChromium(): the browser is not started yet');
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(url);
      return page;
    },
    /** Closes every page opened so far and returns the errors they reported. */
    async closeAll(): Promise<string[]> {
      for (const context of contexts.splice(0)) await context.close();
      return errors.splice(0);
    },
  };
}

/**
 * axe's serious and critical violations on the page as it is now (the kiosk must have none), once running transitions
 * and finite animations have ended: a notification still fading in has too little contrast for axe for a moment, which
 * made a check right after "Changes saved." fail now and then.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ') ?? ''})`);
}
