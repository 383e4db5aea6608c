import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/helpers/chromium';
import { fakeSerialPorts } from '../test/helpers/services';
import { rendererDir, startWebApp } from '../test/helpers/web-app';
import { percentile } from './stats';
import type { BenchFigure } from './types';

/** Bytes of the built renderer (out/renderer/assets), as shipped and gzipped, by kind. */
function bundleFigures(): BenchFigure[] {
  const dir = path.join(rendererDir, 'assets');
  const totals = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 }, other: { raw: 0, gzip: 0 } };
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(path.join(dir, name));
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : 'other';
    totals[kind].raw += bytes.length;
    totals[kind].gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = (n: number) => n / 1024;
  return [
    { name: 'renderer bundle, JavaScript', value: kb(totals.js.raw), unit: 'KiB', note: `${kb(totals.js.gzip).toFixed(1)} KiB gzip` },
    { name: 'renderer bundle, CSS', value: kb(totals.css.raw), unit: 'KiB', note: `${kb(totals.css.gzip).toFixed(1)} KiB gzip` },
    {
      name: 'renderer bundle, all assets',
      value: kb(totals.js.raw + totals.css.raw + totals.other.raw),
      unit: 'KiB',
      note: `${kb(totals.js.gzip + totals.css.gzip + totals.other.gzip).toFixed(1)} KiB gzip`,
    },
  ];
}

/**
 * Time from the start of navigation to (a) the first contentful paint and (b) the mode's own screen painted
 * (its sign-in heading in the DOM, then the next frame), in Debian's Chromium through the web host,
 * a fresh browser context per run. Target: the first screen under 500 ms.
 */
async function paintFigures(runs: number): Promise<BenchFigure[]> {
  const app = await startWebApp({ initialConfig: { mode: 'desk', language: 'sv' }, serialPorts: fakeSerialPorts([]) });
  const browser = await launchChromium();
  const fcp: number[] = [];
  const screen: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      // Runs before the page's own scripts (injected by the browser, not subject to the page's CSP).
      await page.addInitScript(() => {
        const w = window as unknown as { screenPainted?: number };
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-mode] main h2')) return;
          observer.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => (w.screenPainted = performance.now())));
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(app.url);
      await page.waitForFunction(() => (window as unknown as { screenPainted?: number }).screenPainted !== undefined);
      const result = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        screen: (window as unknown as { screenPainted: number }).screenPainted,
      }));
      // The paint entry can be missing when the first paint was the (non-contentful) loader only.
      if (Number.isFinite(result.fcp)) fcp.push(result.fcp);
      screen.push(result.screen);
      await context.close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  return [
    { name: 'first contentful paint after navigation start, p50', value: percentile(fcp, 50), unit: 'ms', note: `${fcp.length} of ${runs} runs reported one, desk, Chromium` },
    { name: 'first contentful paint after navigation start, p95', value: percentile(fcp, 95), unit: 'ms' },
    { name: 'first screen (desk sign-in) painted, p50', value: percentile(screen, 50), unit: 'ms', note: 'target < 500 ms' },
    { name: 'first screen (desk sign-in) painted, p95', value: percentile(screen, 95), unit: 'ms' },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first.');
  return [...bundleFigures(), ...(await paintFigures(20))];
}
