// Renders the SVG sources in this folder to the PNGs Electron loads (run: node resources/render-icons.mjs).
// Chromium draws them so anti-aliasing matches what users see; the PNGs are committed, this is only
// needed again when an SVG changes.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** [source svg, output png, edge in px] */
const outputs = [
  ['icon.svg', 'icon.png', 512],
  ['tray.svg', 'tray.png', 16],
  ['tray.svg', 'tray@2x.png', 32],
  ['tray-unread.svg', 'tray-unread.png', 16],
  ['tray-unread.svg', 'tray-unread@2x.png', 32],
  ['tray-template.svg', 'trayTemplate.png', 16],
  ['tray-template.svg', 'trayTemplate@2x.png', 32],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [source, target, edge] of outputs) {
    const svg = await readFile(join(here, source), 'utf8');
    await page.setViewportSize({ width: edge, height: edge });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${edge}px;height:${edge}px}</style>${svg}`,
    );
    await page.screenshot({
      path: join(here, target),
      omitBackground: true,
      clip: { x: 0, y: 0, width: edge, height: edge },
    });
    console.log(`${target} (${edge}x${edge})`);
  }
} finally {
  await browser.close();
}
