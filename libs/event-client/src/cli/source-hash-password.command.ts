import { hashPassword } from '../password-hash';
import { type CliIo, type Command } from './cli-io';
import { CliInputError } from './cli.error';
import { parseCommandArgs } from './parse-command-args';
import { SOURCE_USAGE } from './usage';

const MAX_PASSWORD_BYTES = 4096;

async function readPassword(io: CliIo): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write('tollgate: reading the password from the terminal (it is echoed; pipe it in to avoid that), end with Ctrl-D\n');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buf.length;
    if (size > MAX_PASSWORD_BYTES) throw new CliInputError(`password on stdin is longer than ${MAX_PASSWORD_BYTES} bytes`);
    chunks.push(buf);
  }
  // Exactly one trailing newline is what `echo` or a terminal adds; anything else is part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `tollgate source hash-password`: stdin → `scrypt$…` on stdout. */
export const sourceHashPassword: Command = async (args, io) => {
  parseCommandArgs(args, { options: {}, allowPositionals: false }, SOURCE_USAGE);
  const password = await readPassword(io);
  if (password === '') throw new CliInputError('no password on stdin');
  io.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
};
