export { REFRESH_DEFAULTS } from './options.js';
export { type RenderProgressOptions, renderProgress } from './progress-bar.js';
export { retryableOutcome } from './retryable-outcome.js';
export { runRefresh } from './run-refresh.js';
export type {
  CheckOutcome,
  HostProgress,
  HostSummary,
  ItemOutcome,
  RefreshCheck,
  RefreshItem,
  RefreshOptions,
  RefreshProgress,
  RefreshSummary,
  Settlement,
  Sleep,
} from './types.js';
