import { EXTENSION_ATTRIBUTES, isValidTraceparent } from './extension-attributes';

describe(isValidTraceparent.name, () => {
  it('accepts a W3C version-00 traceparent', () => {
    expect(isValidTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe(true);
  });

  it.each([
    ['uppercase hex', '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01'],
    ['another version', '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
    ['an all-zero parent id', `00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`],
    ['a short trace id', '00-0af7651916cd43dd-b7ad6b7169203331-01'],
    ['trailing data', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x'],
  ])('rejects %s', (_case, value) => {
    expect(isValidTraceparent(value)).toBe(false);
  });
});

describe('EXTENSION_ATTRIBUTES', () => {
  it('uses names the CloudEvents spec allows (lowercase alphanumerics, at most 20 chars)', () => {
    expect(EXTENSION_ATTRIBUTES).toEqual(['pipelinerunid', 'artifactdigest', 'traceparent']);
    for (const name of EXTENSION_ATTRIBUTES) expect(name).toMatch(/^[a-z0-9]{1,20}$/);
  });
});
