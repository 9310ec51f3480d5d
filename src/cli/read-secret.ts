import { fkError } from '../domain/errors/error.js';
import { CliError } from './run-command.js';

/** Longest input we read: anything longer cannot be a token (the offline checks reject > 1,024). */
const MAX_INPUT = 64 * 1024;

/**
 * Reads a token the only ways a token may enter the CLI: an environment variable named by
 * `--token-env`, standard input, or a hidden prompt on a terminal. Never argv.
 * Returns the raw text; cleaning and checks happen in the domain.
 */
export async function readSecretInput(options: { tokenEnv?: string; prompt?: string }): Promise<string> {
  if (options.tokenEnv !== undefined) return fromEnv(options.tokenEnv);
  if (process.stdin.isTTY) return promptHidden(options.prompt ?? 'Token: ');
  return readStdin();
}

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new CliError(
      fkError('invalid_input', {
        message: `The environment variable ${name} is not set or empty.`,
        remediation: `Export ${name} with the token, or pipe the token on standard input.`,
      }),
    );
  }
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT) {
      throw new CliError(
        fkError('invalid_input', {
          message: 'Standard input is far longer than any token.',
          remediation: 'Pipe only the token (for example `printenv GH_TOKEN | forgekeeper inspect …`).',
        }),
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A prompt that does not echo: raw mode, characters collected until Enter, Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (typeof result === 'string') resolve(result);
      else reject(result);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(value);
        if (char === '\u0003') {
          return finish(
            new CliError(
              fkError('invalid_input', { message: 'Cancelled.', remediation: 'Run the command again.' }),
            ),
          );
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
