import type { FkError } from '../../domain/errors/error.js';

/** One catalogue error for people, on stderr: the code, what went wrong, what to do. */
export function printError(error: FkError): void {
  process.stderr.write(`error [${error.code}]: ${error.message}\n  → ${error.remediation}\n`);
}
