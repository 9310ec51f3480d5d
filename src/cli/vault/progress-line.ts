import { renderProgress } from '../../services/refresh/progress-bar.js';
import type { RefreshProgress } from '../../services/refresh/types.js';

/** The part of a terminal stream the progress line needs (a fake one in tests). */
export interface ProgressStream {
  /** Terminal width; 0 or absent when unknown (80 is assumed). */
  columns?: number;
  write(text: string): unknown;
}

/**
 * Refresh All progress on one terminal line, redrawn in place: carriage return, the line, clear to
 * the end. The engine already throttles its events, so every one is drawn. `end` leaves the final
 * line standing and moves to the next, so the summary prints below it.
 */
export function progressLine(stream: ProgressStream) {
  let drawn = false;
  return {
    update(progress: RefreshProgress): void {
      // One column short of the width: writing the last column makes some terminals wrap.
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r${renderProgress(progress, width)}\u001b[K`);
      drawn = true;
    },
    end(): void {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
