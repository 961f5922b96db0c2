import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

const RectangleSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

const WindowStateSchema = z.object({ bounds: RectangleSchema, maximized: z.boolean() });
export type WindowState = z.infer<typeof WindowStateSchema>;

/** What the window opens with the first time, or when the saved place is unusable. */
export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
/** Smaller than this, the three-pane layout stops being usable. */
export const MIN_SIZE = { width: 640, height: 420 } as const;
/**
 * How much of the title bar must land on a screen for a saved position to be kept; less than this
 * (a monitor was unplugged, the resolution dropped) and the window would be out of reach.
 */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

/** Where to open the window: a position is only given when it is known to be on a screen. */
export interface WindowPlacement {
  bounds: Partial<Pick<Rectangle, 'x' | 'y'>> & Pick<Rectangle, 'width' | 'height'>;
  maximized: boolean;
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Fits a saved state to the screens there are now. The size is shrunk to the largest work area;
 * the position is kept only if the window's top strip (where it is dragged from) is on a screen,
 * otherwise it is dropped and the window opens centred.
 */
export function fitToDisplays(
  state: WindowState | undefined,
  workAreas: readonly Rectangle[],
): WindowPlacement {
  if (!state) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const maxWidth = Math.max(MIN_SIZE.width, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_SIZE.height, ...workAreas.map((area) => area.height));
  const width = Math.min(Math.max(state.bounds.width, MIN_SIZE.width), maxWidth);
  const height = Math.min(Math.max(state.bounds.height, MIN_SIZE.height), maxHeight);
  const titleStrip = { x: state.bounds.x, y: state.bounds.y, width, height: MIN_VISIBLE.height };
  const reachable = workAreas.some((area) => {
    const shared = overlap(titleStrip, area);
    return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height;
  });
  return {
    bounds: reachable ? { x: state.bounds.x, y: state.bounds.y, width, height } : { width, height },
    maximized: state.maximized,
  };
}

/** The window's size, place and maximized flag, kept in a JSON file in the data dir. */
export class WindowStateStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, WINDOW_STATE_FILE);
  }

  /** The saved state, or undefined when there is none or the file is corrupt. */
  load(): WindowState | undefined {
    return readJsonFile(this.path, WindowStateSchema);
  }

  save(state: WindowState): void {
    // Bounds come from the OS as floats on some scaled displays; the file keeps whole pixels.
    const bounds = {
      x: Math.round(state.bounds.x),
      y: Math.round(state.bounds.y),
      width: Math.round(state.bounds.width),
      height: Math.round(state.bounds.height),
    };
    writeJsonFile(this.path, WindowStateSchema.parse({ bounds, maximized: state.maximized }));
  }
}
