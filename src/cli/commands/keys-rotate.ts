import { type NewKeyInput, type RotationProgress, rotateMasterKey } from '../../services/keys/index.js';
import { formatRotationOutcome, formatRotationProgress } from '../format/keys-status.js';
import { parseInteger, usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface KeysRotateOptions extends VaultOptions {
  newKeyEnv?: string;
  newKeyFile?: string;
  batchSize?: string;
  pause?: string;
}

/** Progress lines at most this often (and at every step): a log, not a flood. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * `keys rotate`. Progress goes to stderr, the outcome to stdout. Ctrl-C (or SIGTERM) stops after
 * the batch in flight — every token still opens — and a later run resumes. Exit 0 when the old key
 * is retired, 1 when damaged tokens keep it in use, 130 when interrupted, 2 for a bad invocation.
 */
export async function keysRotateCommand(options: KeysRotateOptions): Promise<ExitCode> {
  return vaultCommand(options, async () => {
    const batchSize = parseInteger('--batch-size', options.batchSize, 1, 1000);
    const pauseMs = parseInteger('--pause', options.pause, 0, 60_000);
    const newKey = newKeyOf(options);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    let result: Awaited<ReturnType<typeof rotateMasterKey>>;
    try {
      result = await rotateMasterKey({
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(newKey === undefined ? {} : { newKey }),
        ...(batchSize === undefined ? {} : { batchSize }),
        ...(pauseMs === undefined ? {} : { pauseMs }),
        signal: controller.signal,
        onProgress: progressPrinter(),
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    const outcome = orFail(result);
    if (options.json) printJson(outcome);
    else process.stdout.write(formatRotationOutcome(outcome));
    if (outcome.interrupted) return EXIT.cancelled;
    return outcome.finished ? EXIT.ok : EXIT.unusable;
  });
}

function newKeyOf(options: KeysRotateOptions): NewKeyInput | undefined {
  if (options.newKeyEnv !== undefined && options.newKeyFile !== undefined) {
    throw usageError('Give the new key one way: --new-key-env or --new-key-file.', 'Drop one of the two.');
  }
  if (options.newKeyEnv !== undefined) return { env: options.newKeyEnv };
  if (options.newKeyFile !== undefined) return { file: options.newKeyFile };
  return undefined;
}

function progressPrinter(): (progress: RotationProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (progress.step === 'batch' && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    process.stderr.write(`${formatRotationProgress(progress)}\n`);
  };
}
