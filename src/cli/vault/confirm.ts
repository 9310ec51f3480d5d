import { createInterface } from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal (the question on stderr, so stdout stays the command's
 * output). Anything but y/yes is no; so are Ctrl-C and Ctrl-D.
 */
export async function confirm(question: string): Promise<boolean> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  const controller = new AbortController();
  lines.on('SIGINT', () => controller.abort());
  lines.on('close', () => controller.abort());
  try {
    const answer = await lines.question(question, { signal: controller.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    process.stderr.write('\n');
    return false;
  } finally {
    lines.close();
  }
}
