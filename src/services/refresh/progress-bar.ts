import type { HostProgress, RefreshProgress } from './types.js';

/*
 * One line of Refresh All progress for a terminal, e.g.
 *   github 120/400 ▕██████      ▏ gitlab 400/400 ✓ bitbucket 3/200 (paused: rate limited, resumes 12:03:10)
 * Pure: the CLI decides where and how often to write it (`\r` + line + clear-to-end on a TTY). Only
 * single-column characters, so `width` in characters is width in terminal columns.
 */

export interface RenderProgressOptions {
  /** IANA zone for "resumes HH:MM:SS"; default the system's. */
  timeZone?: string;
}

/** Widest bar, so one busy host does not fill a wide terminal with blocks. */
const MAX_BAR = 20;
/** Narrower than this a bar says nothing; counts alone are shown. */
const MIN_BAR = 3;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

interface Segment {
  text: string;
  /** A bar goes after `text` when there is room. */
  bar: { done: number; total: number } | null;
}

export function renderProgress(
  progress: RefreshProgress,
  width: number,
  options: RenderProgressOptions = {},
): string {
  if (width <= 0) return '';
  const entries = Object.entries(progress.byHost);
  if (entries.length === 0) return truncate('nothing to refresh', width);
  const labels = hostLabels(entries);
  const segments = entries.map(([key, host]) => segmentOf(labels.get(key) ?? key, host, options));
  const bars = segments.filter((segment) => segment.bar !== null).length;
  // Each bar costs its two edges and the space before it, on top of the text.
  const fixed = segments.reduce((sum, segment) => sum + segment.text.length, 0) + segments.length - 1;
  const barWidth = bars === 0 ? 0 : Math.min(MAX_BAR, Math.floor((width - fixed) / bars) - 3);
  const parts = segments.map((segment) =>
    segment.bar && barWidth >= MIN_BAR
      ? `${segment.text} ${bar(segment.bar.done, segment.bar.total, barWidth)}`
      : segment.text,
  );
  return truncate(parts.join(' '), width);
}

function segmentOf(label: string, host: HostProgress, options: RenderProgressOptions): Segment {
  const head = `${label} ${host.done}/${host.total}`;
  if (host.done >= host.total) {
    const problems = problemsOf(host);
    return { text: problems ? `${head} ✓ (${problems})` : `${head} ✓`, bar: null };
  }
  if (host.gaveUp) return { text: `${head} (rate limited: gave up)`, bar: null };
  if (host.paused) {
    const resumes = host.resumesAt ? `, resumes ${clock(host.resumesAt, options.timeZone)}` : '';
    return { text: `${head} (paused: rate limited${resumes})`, bar: null };
  }
  return { text: head, bar: { done: host.done, total: host.total } };
}

/** What did not end checked: the forge was not asked or did not answer, so the token keeps its status. */
function problemsOf(host: HostProgress): string {
  const parts: string[] = [];
  if (host.stale > 0) parts.push(`${host.stale} stale`);
  if (host.rateLimited > 0) parts.push(`${host.rateLimited} rate limited`);
  if (host.cancelled > 0) parts.push(`${host.cancelled} cancelled`);
  return parts.join(', ');
}

function bar(done: number, total: number, width: number): string {
  const eighths = total === 0 ? width * 8 : Math.floor((Math.min(done, total) / total) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = full < width ? (EIGHTHS[eighths % 8] ?? '') : '';
  return `▕${'█'.repeat(full)}${partial}${' '.repeat(width - full - partial.length)}▏`;
}

/**
 * The forge name, or the forge and the host name when several queues share a forge (github.com and
 * a GitHub Enterprise Server). Host keys are `${forge} ${apiUrl}` by convention; others show as is.
 */
function hostLabels(entries: [string, HostProgress][]): Map<string, string> {
  const perForge = new Map<string, number>();
  for (const [, host] of entries) perForge.set(host.forge, (perForge.get(host.forge) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const [key, host] of entries) {
    labels.set(
      key,
      perForge.get(host.forge) === 1 ? host.forge : `${host.forge} ${hostNameOf(key, host.forge)}`,
    );
  }
  return labels;
}

function hostNameOf(key: string, forge: string): string {
  const rest = key.startsWith(`${forge} `) ? key.slice(forge.length + 1) : key;
  try {
    return new URL(rest).host;
  } catch {
    return rest;
  }
}

function clock(iso: string, timeZone: string | undefined): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  return format.format(new Date(iso));
}

function truncate(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}
