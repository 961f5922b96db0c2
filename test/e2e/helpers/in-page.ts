import type { Locator, Page } from 'playwright-core';

// Page-side code runs inside Chromium, but this program is type-checked without the DOM
// library: callbacks describe the little they touch with these shapes (the casts vanish at
// run time, so the serialised functions stay self-contained).

interface PageElement {
  naturalWidth: number;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  getBoundingClientRect(): { width: number };
}

interface PageWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

export function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((img) => (img as unknown as PageElement).naturalWidth);
}

export function backgroundColor(element: Locator): Promise<string> {
  return element.evaluate(
    (el) => (globalThis as unknown as PageWindow).getComputedStyle(el).backgroundColor,
  );
}

export function pageBackground(page: Page): Promise<string> {
  return page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
}

export function renderedWidth(element: Locator): Promise<number> {
  return element.evaluate((el) => (el as unknown as PageElement).getBoundingClientRect().width);
}

/** Scroll a container so that `fraction` of its content lies above the middle of its view. */
export function scrollTo(element: Locator, fraction: number): Promise<void> {
  return element.evaluate((el, at) => {
    const box = el as unknown as PageElement;
    box.scrollTop = box.scrollHeight * at - box.clientHeight / 2;
  }, fraction);
}

/** The id (or class, or tag) of whatever has keyboard focus. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(
    '(() => { const el = document.activeElement; return el ? (el.id || el.className || el.tagName) : ""; })()',
  ) as Promise<string>;
}
