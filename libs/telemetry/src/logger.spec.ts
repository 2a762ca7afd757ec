import { Writable } from 'node:stream';
import { createLogger } from './index';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

describe(createLogger.name, () => {
  it('never writes the value of a sensitive field, at any depth', () => {
    const { lines, stream } = capture();
    const log = createLogger('spec', 'info', stream);
    log.info(
      { password: 'p4ss', source: { hmacSecret: 'h-secret', name: 'jenkins' }, req: { headers: { authorization: 'Basic abc' } }, deep: { a: { token: 't0k' } } },
      'hello',
    );
    const out = lines.join('');
    for (const secret of ['p4ss', 'h-secret', 'Basic abc', 't0k']) expect(out).not.toContain(secret);
    expect(out).toContain('jenkins');
    expect(out).toContain('[redacted]');
  });
});
