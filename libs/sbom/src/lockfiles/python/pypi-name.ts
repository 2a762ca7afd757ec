import { purlOf } from '../../model/purl';

/** PEP 503 normalised name: lower case, every run of `-`, `_` and `.` as one `-` (what pip and PyPI compare). */
export function normalisePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** `pkg:pypi/<normalised name>@<version>`; packageurl-js alone would keep dots, which PyPI treats as dashes. */
export function pypiPurl(name: string, version: string): string {
  return purlOf('pypi', undefined, normalisePypiName(name), version);
}
