import { parseComponentQuery, selectVersions } from './component-query';

describe(parseComponentQuery.name, () => {
  it('keys a scoped npm package by its canonical purl, without version or qualifiers', () => {
    const query = parseComponentQuery('pkg:npm/@types/node?checksum=sha256:00', '>=20.0.0');

    expect(query.ecosystem).toBe('npm');
    expect(query.purlBase).toBe('pkg:npm/%40types/node');
    expect(query.range?.contains('20.19.1')).toBe(true);
    expect(query.range?.contains('18.0.0')).toBe(false);
  });

  it('reads a versioned purl as "= that version" in its ecosystem’s order', () => {
    const query = parseComponentQuery('pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1');

    expect(query.purlBase).toBe('pkg:maven/org.apache.logging.log4j/log4j-core');
    expect(query.range?.source).toBe('=2.17.1');
    expect(query.range?.contains('2.17.1')).toBe(true);
    expect(query.range?.contains('2.17.1-rc1')).toBe(false);
  });
});

describe(selectVersions.name, () => {
  it('selects the versions in range in ecosystem order and sets aside those the ecosystem cannot parse', () => {
    const query = parseComponentQuery('pkg:pypi/django', '>=4.2, <5.0');

    const selection = selectVersions(query, ['5.0', '4.2.10', 'not a version', '4.2.9', '4.2rc1', '4.2']);

    expect(selection.selected.sort()).toEqual(['4.2', '4.2.10', '4.2.9']);
    expect(selection.unparsable).toEqual(['not a version']);
    expect([...selection.rank.entries()]).toEqual([
      ['4.2', 0],
      ['4.2.9', 1],
      ['4.2.10', 2],
    ]);
  });
});
