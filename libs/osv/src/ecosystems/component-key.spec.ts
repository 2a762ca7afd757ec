import { componentKey, purlBaseFor, type ComponentKey, type ComponentToMatch } from './component-key';
import { parseOsvEcosystem } from './osv-ecosystem';

/** The purl's version is the component's (the last `@`, before the qualifiers). */
function fullKeyOf(purl: string, extra: Partial<ComponentToMatch> = {}): ComponentKey {
  const version = decodeURIComponent(purl.split('?')[0].slice(purl.split('?')[0].lastIndexOf('@') + 1));
  const result = componentKey({ purl, version, ...extra });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function keyOf(purl: string, extra: Partial<ComponentToMatch> = {}): Omit<ComponentKey, 'key' | 'version' | 'versionFrom'> {
  const { key: _key, version: _version, versionFrom: _versionFrom, ...rest } = fullKeyOf(purl, extra);
  return rest;
}

describe(componentKey.name, () => {
  it('spells language packages as OSV does', () => {
    expect([
      keyOf('pkg:npm/%40babel/traverse@7.23.1'),
      keyOf('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'),
      keyOf('pkg:golang/github.com/BurntSushi/toml@v1.3.2'),
      keyOf('pkg:pypi/Zope.Interface@6.0'),
      keyOf('pkg:composer/laravel/framework@10.0.0'),
      keyOf('pkg:cargo/tokio@1.35.0'),
    ]).toEqual([
      { ecosystem: 'npm', base: 'npm', name: '@babel/traverse', nameFrom: 'purl' },
      { ecosystem: 'maven', base: 'Maven', name: 'org.apache.logging.log4j:log4j-core', nameFrom: 'purl' },
      { ecosystem: 'golang', base: 'Go', name: 'github.com/BurntSushi/toml', nameFrom: 'purl' },
      { ecosystem: 'pypi', base: 'PyPI', name: 'zope-interface', nameFrom: 'purl' },
      { ecosystem: 'composer', base: 'Packagist', name: 'laravel/framework', nameFrom: 'purl' },
      { ecosystem: 'cargo', base: 'crates.io', name: 'tokio', nameFrom: 'purl' },
    ]);
  });

  it("reads a distro package's release from its distro qualifier, in any spelling", () => {
    expect(
      [
        'pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12.5',
        'pkg:deb/debian/curl@7.88.1-10?distro=bookworm',
        'pkg:deb/ubuntu/curl@8.5.0-2ubuntu10?distro=noble',
        'pkg:deb/ubuntu/curl@8.5.0-2ubuntu10?distro=ubuntu-24.04',
        'pkg:apk/alpine/curl@8.5.0-r0?distro=alpine-3.19.1',
        'pkg:apk/alpine/curl@8.5.0-r0?distro=3.19',
      ].map((purl) => [keyOf(purl).base, keyOf(purl).release, keyOf(purl).releaseFrom]),
    ).toEqual([
      ['Debian', '12', 'distro-qualifier'],
      ['Debian', '12', 'distro-qualifier'],
      ['Ubuntu', '24.04', 'distro-qualifier'],
      ['Ubuntu', '24.04', 'distro-qualifier'],
      ['Alpine', 'v3.19', 'distro-qualifier'],
      ['Alpine', 'v3.19', 'distro-qualifier'],
    ]);
  });

  it('takes a given release, else infers a Debian release from a security or backport suffix, else leaves it unknown', () => {
    expect(keyOf('pkg:deb/debian/libc6@2.36-9?arch=amd64', { distroRelease: 'bookworm' })).toMatchObject({ release: '12', releaseFrom: 'given' });
    expect(keyOf('pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64')).toMatchObject({ release: '12', releaseFrom: 'inferred' });
    expect(keyOf('pkg:deb/debian/curl@7.74.0-1.3+deb11u11~bpo12+1')).toMatchObject({ release: '12', releaseFrom: 'inferred' });
    expect(keyOf('pkg:deb/debian/libc6@2.36-9?arch=amd64').release).toBeUndefined();
  });

  it('looks a distro package up by its source package when the purl or the caller names it', () => {
    expect(keyOf('pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc')).toMatchObject({ name: 'glibc', nameFrom: 'upstream-qualifier' });
    expect(keyOf('pkg:deb/debian/libgcc-s1@12.2.0-14?upstream=gcc-12%4012.2.0-14')).toMatchObject({ name: 'gcc-12', nameFrom: 'upstream-qualifier' });
    expect(keyOf('pkg:deb/debian/libc6@2.36-9', { sourceName: 'glibc' })).toMatchObject({ name: 'glibc', nameFrom: 'source-name' });
    expect(keyOf('pkg:deb/debian/libc6@2.36-9')).toMatchObject({ name: 'libc6', nameFrom: 'purl' });
  });

  it("places a distro package by its source version when the upstream qualifier gives one, in syft's or dpkg's spelling", () => {
    const versions = (purl: string) => {
      const { version, versionFrom, name, release } = fullKeyOf(purl);
      return { version, versionFrom, name, release };
    };
    // A binNMU: the binary's `+b1` is not in the advisory; the source version (and its release suffix) is.
    expect(versions('pkg:deb/debian/libfoo1@1.2-3+deb12u1+b1?arch=amd64&upstream=foo%401.2-3%2Bdeb12u1')).toEqual({
      version: '1.2-3+deb12u1',
      versionFrom: 'upstream-qualifier',
      name: 'foo',
      release: '12',
    });
    expect(versions('pkg:deb/debian/libfoo1@1.2-3+b1?upstream=foo%20%281.2-3%29')).toMatchObject({ version: '1.2-3', versionFrom: 'upstream-qualifier', name: 'foo' });
    expect(versions('pkg:deb/debian/libc6@2.36-9+deb12u3?arch=amd64&distro=debian-12&upstream=glibc')).toMatchObject({ version: '2.36-9+deb12u3', versionFrom: 'component', name: 'glibc' });
    expect(versions('pkg:apk/alpine/libcrypto3@3.1.4-r5?upstream=openssl')).toMatchObject({ version: '3.1.4-r5', versionFrom: 'component', name: 'openssl' });
    // An upstream spelled some other way still names the package; its version is not trusted.
    expect(versions('pkg:deb/debian/libfoo1@1.2-3+b1?upstream=foo%40')).toMatchObject({ version: '1.2-3+b1', versionFrom: 'component', name: 'foo' });
    expect(versions('pkg:npm/left-pad@1.3.0')).toMatchObject({ version: '1.3.0', versionFrom: 'component' });
  });

  it('refuses a Composer purl without a vendor and a distro Tollgate has no OSV data for', () => {
    expect(componentKey({ purl: 'pkg:composer/framework@10.0.0', version: '10.0.0' })).toEqual({ ok: false, reason: 'a composer purl needs a namespace (the vendor)' });
    expect(componentKey({ purl: 'pkg:apk/wolfi/curl@8.5.0-r0', version: '8.5.0-r0' })).toEqual({ ok: false, reason: 'apk packages of "wolfi" have no OSV ecosystem Tollgate matches' });
  });
});

describe(parseOsvEcosystem.name, () => {
  it('reads distro releases and ignores repository suffixes', () => {
    expect(['Debian:12', 'Debian', 'Ubuntu:Pro:18.04:LTS', 'Alpine:v3.19', 'Maven:https://maven.google.com', 'RubyGems'].map(parseOsvEcosystem)).toEqual([
      { raw: 'Debian:12', base: 'Debian', release: '12', ecosystem: 'deb', distro: 'debian' },
      { raw: 'Debian', base: 'Debian', release: undefined, ecosystem: 'deb', distro: 'debian' },
      { raw: 'Ubuntu:Pro:18.04:LTS', base: 'Ubuntu', release: '18.04', ecosystem: 'deb', distro: 'ubuntu' },
      { raw: 'Alpine:v3.19', base: 'Alpine', release: 'v3.19', ecosystem: 'apk', distro: 'alpine' },
      { raw: 'Maven:https://maven.google.com', base: 'Maven', release: undefined, ecosystem: 'maven', distro: undefined },
      { raw: 'RubyGems', base: 'RubyGems' },
    ]);
  });
});

describe(purlBaseFor.name, () => {
  it('builds the purl an SBOM store keys the package by', () => {
    expect([
      purlBaseFor('npm', undefined, '@babel/traverse'),
      purlBaseFor('maven', undefined, 'org.apache.logging.log4j:log4j-core'),
      purlBaseFor('maven', undefined, 'no-group'),
      purlBaseFor('deb', 'debian', 'glibc'),
    ]).toEqual(['pkg:npm/%40babel/traverse', 'pkg:maven/org.apache.logging.log4j/log4j-core', undefined, 'pkg:deb/debian/glibc']);
  });
});
