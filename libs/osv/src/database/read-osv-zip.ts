/**
 * OSV's per-ecosystem archives (`<Ecosystem>/all.zip`, one `<ID>.json` per advisory).
 * The compressed archive is read whole (tens of MB), then inflated one entry at a time
 * with fflate's streaming Unzip, so the inflated archive (hundreds of MB) never sits in
 * memory at once.
 */
import { readFile } from 'node:fs/promises';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { OsvLoadError, OsvRecordError } from '../osv.error';
import { LoadSession, type OsvLoadOptions } from './load-session';

const CHUNK = 1 << 20;
const END_OF_CENTRAL_DIRECTORY = [0x50, 0x4b, 0x05, 0x06];
const LOCAL_FILE_HEADER = [0x50, 0x4b, 0x03, 0x04];

/** `archive`: a path, or the bytes with `name` saying what to call them in messages. */
export async function readOsvZip(archive: string | Uint8Array, options: OsvLoadOptions & { name?: string }): Promise<LoadSession> {
  const source = options.name ?? (typeof archive === 'string' ? archive : 'archive');
  let bytes: Uint8Array;
  try {
    bytes = typeof archive === 'string' ? await readFile(archive) : archive;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OsvLoadError('OSV_SOURCE_UNREADABLE', source, `cannot read the archive, nothing loaded: ${reason}`, [], { cause: error });
  }
  const invalid = (reason: string, cause?: unknown): OsvLoadError =>
    new OsvLoadError('OSV_ARCHIVE_INVALID', source, `not a readable zip archive, nothing loaded: ${reason}`, [], cause === undefined ? undefined : { cause });
  // The streaming reader follows local headers only; a zip cut short between two entries would look complete.
  if (!startsWith(bytes, 0, LOCAL_FILE_HEADER) && !startsWith(bytes, 0, END_OF_CENTRAL_DIRECTORY)) throw invalid('it does not start with a zip header');
  if (!hasEndOfCentralDirectory(bytes)) throw invalid('no end-of-central-directory record (truncated?)');

  const session = new LoadSession(source, options);
  const unfinished = new Set<string>();
  const unzip = new Unzip((file) => readEntry(file, source, session, unfinished));
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      unzip.push(bytes.subarray(offset, Math.min(offset + CHUNK, bytes.length)), offset + CHUNK >= bytes.length);
    }
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error), error);
  }
  if (unfinished.size > 0) throw invalid(`entries cut short: ${[...unfinished].slice(0, 5).join(', ')}`);
  return session;
}

function readEntry(file: UnzipFile, source: string, session: LoadSession, unfinished: Set<string>): void {
  if (file.name.endsWith('/') || !file.name.toLowerCase().endsWith('.json')) return;
  const where = `${source}!${file.name}`;
  const parts: Uint8Array[] = [];
  unfinished.add(file.name);
  file.ondata = (error, chunk, final) => {
    if (error) {
      unfinished.delete(file.name);
      session.reject(new OsvRecordError('OSV_ENTRY_UNREADABLE', where, [{ path: '', message: `cannot inflate: ${error.message}` }]));
      return;
    }
    parts.push(chunk);
    if (!final) return;
    unfinished.delete(file.name);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
    } catch {
      session.reject(new OsvRecordError('OSV_ENTRY_UNREADABLE', where, [{ path: '', message: 'not UTF-8 text' }]));
      return;
    }
    session.accept(text, where);
  };
  try {
    file.start();
  } catch (error) {
    unfinished.delete(file.name);
    const reason = error instanceof Error ? error.message : String(error);
    session.reject(new OsvRecordError('OSV_ENTRY_UNREADABLE', where, [{ path: '', message: `cannot inflate (compression method ${file.compression}): ${reason}` }]));
  }
}

function startsWith(bytes: Uint8Array, at: number, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

/** The record sits in the last 22 bytes plus at most a 64 KiB comment. */
function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) if (startsWith(bytes, at, END_OF_CENTRAL_DIRECTORY)) return true;
  return false;
}
