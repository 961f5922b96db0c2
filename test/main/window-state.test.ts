import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  fitToDisplays,
  MIN_SIZE,
  WINDOW_STATE_FILE,
  WindowStateStore,
} from '../../src/main/window-state.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-window-state-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('WindowStateStore', () => {
  it('has nothing saved in a fresh data dir', () => {
    expect(new WindowStateStore(dataDir).load()).toBeUndefined();
  });

  it('round-trips bounds and the maximized flag through a JSON file in the data dir', async () => {
    const state = { bounds: { x: 40, y: 30, width: 1300, height: 900 }, maximized: true };
    new WindowStateStore(dataDir).save(state);
    expect(new WindowStateStore(dataDir).load()).toEqual(state);
    expect(JSON.parse(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state);
  });

  it('stores whole pixels when the OS reports fractional bounds', () => {
    const store = new WindowStateStore(dataDir);
    store.save({ bounds: { x: 10.4, y: 20.6, width: 800.5, height: 600.2 }, maximized: false });
    expect(store.load()?.bounds).toEqual({ x: 10, y: 21, width: 801, height: 600 });
  });

  it.each([
    ['not JSON', '{"bounds": '],
    ['the wrong shape', '{"bounds": {"x": "left"}, "maximized": "yes"}'],
    [
      'a negative size',
      '{"bounds": {"x": 0, "y": 0, "width": -5, "height": 300}, "maximized": false}',
    ],
    ['an array', '[]'],
    ['empty', ''],
  ])('ignores a corrupt file (%s)', async (_label, content) => {
    await writeFile(join(dataDir, WINDOW_STATE_FILE), content);
    expect(new WindowStateStore(dataDir).load()).toBeUndefined();
  });
});

describe('fitToDisplays', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 875 };
  const external = { x: 1440, y: 0, width: 2560, height: 1415 };

  it('opens at the default size, centred, without a saved state', () => {
    expect(fitToDisplays(undefined, [laptop])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('keeps a saved place that is on a screen', () => {
    const state = { bounds: { x: 1600, y: 100, width: 1400, height: 1000 }, maximized: false };
    expect(fitToDisplays(state, [laptop, external])).toEqual(state);
  });

  it('drops the position when the screen it was on is gone, keeping a size that fits', () => {
    const state = { bounds: { x: 1600, y: 100, width: 2400, height: 1300 }, maximized: true };
    expect(fitToDisplays(state, [laptop])).toEqual({
      bounds: { width: 1440, height: 875 },
      maximized: true,
    });
  });

  it('drops the position when only a sliver of the title bar would be reachable', () => {
    const aboveTheScreen = {
      bounds: { x: 100, y: -500, width: 800, height: 600 },
      maximized: false,
    };
    expect(fitToDisplays(aboveTheScreen, [laptop]).bounds).toEqual({ width: 800, height: 600 });
    const offTheRight = { bounds: { x: 1400, y: 100, width: 800, height: 600 }, maximized: false };
    expect(fitToDisplays(offTheRight, [laptop]).bounds).toEqual({ width: 800, height: 600 });
  });

  it('never opens smaller than the minimum size', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 100, height: 50 }, maximized: false };
    expect(fitToDisplays(tiny, [laptop]).bounds).toEqual({ x: 10, y: 10, ...MIN_SIZE });
  });
});
