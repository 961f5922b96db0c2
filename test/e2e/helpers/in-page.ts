import type { Locator, Page } from 'playwright-core';

// These run inside Chromium. The test program is type-checked without the DOM library, so the
// page-side code is written as strings (Playwright calls a string that evaluates to a function).

export function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate('(img) => img.naturalWidth') as Promise<number>;
}

export function backgroundColor(element: Locator): Promise<string> {
  return element.evaluate('(el) => getComputedStyle(el).backgroundColor') as Promise<string>;
}

export function pageBackground(page: Page): Promise<string> {
  return page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
}

export function renderedWidth(element: Locator): Promise<number> {
  return element.evaluate('(el) => el.getBoundingClientRect().width') as Promise<number>;
}

/** The id (or tag) of whatever has keyboard focus. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(
    '(() => { const el = document.activeElement; return el ? (el.id || el.className || el.tagName) : ""; })()',
  ) as Promise<string>;
}
