import { sourcePackageOf } from './source-package';

describe('sourcePackageOf', () => {
  it('reads the source package of a Debian binary, at the binary version when upstream gives none', () => {
    expect(sourcePackageOf('pkg:deb/debian/libc6@2.36-9%2Bdeb12u2?arch=amd64&distro=debian-12&upstream=glibc', '2.36-9+deb12u2')).toEqual({
      purlBase: 'pkg:deb/debian/glibc',
      version: '2.36-9+deb12u2',
    });
  });

  it('takes the source version from upstream=name@version and from dpkg’s name (version), percent-encoded or not', () => {
    expect(sourcePackageOf('pkg:deb/debian/libc6@2.36-9+deb12u2+b1?upstream=glibc%402.36-9%2Bdeb12u2', '2.36-9+deb12u2+b1')).toEqual({
      purlBase: 'pkg:deb/debian/glibc',
      version: '2.36-9+deb12u2',
    });
    expect(sourcePackageOf('pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?upstream=gcc-12%20%281%3A12.2.0-14%29', '12.2.0-14')).toEqual({
      purlBase: 'pkg:deb/debian/gcc-12',
      version: '1:12.2.0-14',
    });
  });

  it('reads an Alpine origin, and encodes a source name as the purl base of a query would', () => {
    expect(sourcePackageOf('pkg:apk/alpine/musl-utils@1.2.4_git20230717-r4?arch=x86_64&upstream=musl', '1.2.4_git20230717-r4')).toEqual({
      purlBase: 'pkg:apk/alpine/musl',
      version: '1.2.4_git20230717-r4',
    });
    expect(sourcePackageOf('pkg:deb/debian/libdbus-c%2B%2B-1-0v5@0.9.0-11?upstream=dbus-c%2B%2B', '0.9.0-11')?.purlBase).toBe('pkg:deb/debian/dbus-c%2B%2B');
  });

  it('gives nothing when the source is the binary’s own name, when there is no upstream=, or for other types', () => {
    expect(sourcePackageOf('pkg:deb/debian/bash@5.2.15-2%2Bb2?upstream=bash%405.2.15-2', '5.2.15-2+b2')).toBeUndefined();
    expect(sourcePackageOf('pkg:apk/alpine/musl@1.2.4_git20230717-r4?upstream=musl', '1.2.4_git20230717-r4')).toBeUndefined();
    expect(sourcePackageOf('pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64', '1:1.2.13.dfsg-1')).toBeUndefined();
    expect(sourcePackageOf('pkg:npm/lodash@4.17.21?upstream=underscore', '4.17.21')).toBeUndefined();
  });

  it('keeps the name of an upstream= in no known form, but not its version', () => {
    expect(sourcePackageOf('pkg:deb/debian/libc6@2.36-9?upstream=glibc%402.36%20junk', '2.36-9')).toEqual({ purlBase: 'pkg:deb/debian/glibc', version: '2.36-9' });
  });
});
