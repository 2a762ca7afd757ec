import { readFile } from 'node:fs/promises';
import { CliInputError } from './cli.error';

/**
 * Reads an HMAC secret from a file (as mounted from a Kubernetes or Jenkins
 * secret), dropping the trailing newline editors and `echo` add. Errors name
 * the file, never its content.
 */
export async function readSecretFile(path: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'read failed');
    throw new CliInputError(`cannot read secret file ${path}: ${reason}`);
  }
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
  if (end === 0) throw new CliInputError(`secret file ${path} is empty`);
  return raw.subarray(0, end);
}
