import { uniqueName } from './test-infra';

describe(uniqueName.name, () => {
  it('returns distinct lower-case names usable as schema, stream and subject tokens', () => {
    const names = new Set(Array.from({ length: 200 }, () => uniqueName('test')));
    expect(names.size).toBe(200);
    for (const name of names) expect(name).toMatch(/^test_[a-z0-9]{8}$/);
  });
});
