// `node scripts/icon.mjs`: renders media/icon.svg to media/icon.png (128×128, transparent corners), the
// extension's icon, in Debian's Chromium through playwright-core.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const media = fileURLToPath(new URL('../media/', import.meta.url));
const browser = await chromium.launch({ executablePath: process.env.CITEMARK_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<body style="margin:0">${readFileSync(`${media}icon.svg`, 'utf8')}</body>`);
  await page.locator('svg').screenshot({ path: `${media}icon.png`, omitBackground: true });
} finally {
  await browser.close();
}
