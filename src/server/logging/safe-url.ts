import { detectToken } from '../../domain/tokens/detect-token.js';
import { scrubTokenText } from './scrub.js';

/** Longer path segments are shown by length only: ids are UUIDs (36), nothing legitimate is longer. */
const MAX_SEGMENT = 64;

/**
 * A request URL as logs may show it: the path only, with a marker where a query string was (query
 * strings are where people put `?token=…`), and any segment that looks like a token — recognised
 * by the offline detector or too long to be an id — replaced. The raw URL is never logged.
 */
export function safeUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const segments = path.split('/').map(safeSegment);
  return `${segments.join('/')}${queryAt === -1 ? '' : '?…'}`;
}

function safeSegment(segment: string): string {
  if (segment === '') return segment;
  if (segment.length > MAX_SEGMENT) return `…(${segment.length})`;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A malformed escape is logged as sent (after scrubbing).
  }
  if (detectToken(decoded).forge !== null) return '…';
  return scrubTokenText(segment);
}
