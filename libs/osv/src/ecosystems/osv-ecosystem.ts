/**
 * OSV ecosystem strings (`npm`, `PyPI`, `Debian:12`, `Alpine:v3.19`, `Maven:<repo URL>`…)
 * and how each maps onto a purl type of the SBOM (whose version ordering it uses), how
 * its package names compare, and what its `:suffix` means.
 */
import type { Ecosystem } from '@tollgate/sbom';

interface Supported {
  ecosystem: Ecosystem;
  /** The purl namespace a distro's packages carry (`pkg:deb/debian/…`); undefined for language ecosystems. */
  distro?: string;
  /** What `Base:<suffix>` means: a distro release to match, or something to ignore (a repository URL). */
  suffix: 'release' | 'ignored';
}

const SUPPORTED: Readonly<Record<string, Supported>> = {
  npm: { ecosystem: 'npm', suffix: 'ignored' },
  PyPI: { ecosystem: 'pypi', suffix: 'ignored' },
  // `Maven:https://maven.google.com` and `Packagist:https://packages.drupal.org/8`: a repository, same coordinates.
  Maven: { ecosystem: 'maven', suffix: 'ignored' },
  Go: { ecosystem: 'golang', suffix: 'ignored' },
  'crates.io': { ecosystem: 'cargo', suffix: 'ignored' },
  Packagist: { ecosystem: 'composer', suffix: 'ignored' },
  Debian: { ecosystem: 'deb', distro: 'debian', suffix: 'release' },
  Ubuntu: { ecosystem: 'deb', distro: 'ubuntu', suffix: 'release' },
  Alpine: { ecosystem: 'apk', distro: 'alpine', suffix: 'release' },
};

/** purl namespace of a distro package → the OSV ecosystem base. */
const DISTRO_BASE: Readonly<Record<string, string>> = { debian: 'Debian', ubuntu: 'Ubuntu', alpine: 'Alpine' };

export interface OsvEcosystem {
  /** As written in the record, e.g. `Debian:12`. */
  readonly raw: string;
  /** Before the first `:`, e.g. `Debian`. */
  readonly base: string;
  /** Normalised distro release (`12`, `22.04`, `v3.19`); undefined when none or not a release. */
  readonly release?: string;
  /** The SBOM ecosystem whose ordering applies; undefined when Tollgate does not match this ecosystem. */
  readonly ecosystem?: Ecosystem;
  readonly distro?: string;
}

export function parseOsvEcosystem(raw: string): OsvEcosystem {
  const colon = raw.indexOf(':');
  const base = colon === -1 ? raw : raw.slice(0, colon);
  const supported = Object.prototype.hasOwnProperty.call(SUPPORTED, base) ? SUPPORTED[base] : undefined;
  if (supported === undefined) return { raw, base };
  const suffix = colon === -1 ? undefined : raw.slice(colon + 1);
  const release = suffix !== undefined && supported.suffix === 'release' ? normaliseRelease(base, suffix) : undefined;
  return { raw, base, release, ecosystem: supported.ecosystem, distro: supported.distro };
}

/** OSV base ecosystem for a purl: `pkg:deb/debian/…` → `Debian`; undefined when Tollgate does not match it. */
export function osvBaseOf(ecosystem: Ecosystem, namespace: string | undefined): string | undefined {
  switch (ecosystem) {
    case 'npm':
      return 'npm';
    case 'pypi':
      return 'PyPI';
    case 'maven':
      return 'Maven';
    case 'golang':
      return 'Go';
    case 'cargo':
      return 'crates.io';
    case 'composer':
      return 'Packagist';
    case 'deb':
    case 'apk': {
      const base = namespace === undefined ? undefined : DISTRO_BASE[namespace.toLowerCase()];
      return base !== undefined && SUPPORTED[base].ecosystem === ecosystem ? base : undefined;
    }
  }
}

/** PEP 503: lower case, every run of `-`, `_`, `.` as one `-`, as PyPI and pip compare names. */
export function normalisePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The form two names of one ecosystem are compared in. */
export function normaliseOsvName(base: string, name: string): string {
  if (base === 'PyPI') return normalisePypiName(name);
  // Composer lower-cases vendor/package; so does the SBOM's composer reader.
  if (base === 'Packagist') return name.toLowerCase();
  return name;
}

export function indexKey(base: string, normalisedName: string): string {
  return `${base}\u0000${normalisedName}`;
}

const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'sid',
};
const UBUNTU_CODENAMES: Readonly<Record<string, string>> = {
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
};

/**
 * One spelling per release, from an OSV suffix (`12`, `Pro:18.04:LTS`, `v3.19`) or a purl
 * `distro=` qualifier (`debian-12`, `bookworm`, `ubuntu-22.04`, `alpine-3.19.1`).
 * Undefined when the text names no release this module knows.
 */
export function normaliseRelease(base: string, text: string): string | undefined {
  const value = text.trim().toLowerCase();
  switch (base) {
    case 'Debian': {
      const bare = value.replace(/^debian[-:]?/, '');
      if (DEBIAN_CODENAMES[bare] !== undefined) return DEBIAN_CODENAMES[bare];
      return /^\d+/.exec(bare)?.[0];
    }
    case 'Ubuntu': {
      const bare = value.replace(/^ubuntu[-:]?/, '');
      if (UBUNTU_CODENAMES[bare] !== undefined) return UBUNTU_CODENAMES[bare];
      return /\d{2}\.\d{2}/.exec(bare)?.[0];
    }
    case 'Alpine': {
      const numbers = /(\d+)\.(\d+)/.exec(value.replace(/^alpine[-:]?/, ''));
      return numbers === null ? (value === 'edge' ? 'edge' : undefined) : `v${numbers[1]}.${numbers[2]}`;
    }
    default:
      return undefined;
  }
}
