import { sanitizeError } from './dead-letter';

describe(sanitizeError.name, () => {
  it('masks URL credentials, key=value secrets and bearer tokens', () => {
    const text = sanitizeError('connect postgres://app:s3cret@db.example.internal/x failed; token=abc123 Authorization: Bearer eyJhbGciOi.x.y');
    expect(text).toBe('connect postgres://***@db.example.internal/x failed; token=*** Authorization: Bearer ***');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('eyJhbGciOi');
  });

  it('makes one printable header line of bounded length', () => {
    const text = sanitizeError(`line one\nline two\t\u00e9${'x'.repeat(1000)}`);
    expect(text.startsWith('line one line two ?x')).toBe(true);
    expect(text).toHaveLength(400);
    expect(text.endsWith('...')).toBe(true);
  });
});
