/**
 * PyPI: PEP 440 (https://peps.python.org/pep-0440/), via @renovatebot/pep440 — a port of
 * the `packaging` library's Version and its sort key. So: epochs (`1!0.1` > `2.0`),
 * spelling normalisation (`alpha`→`a`, `c`/`pre`/`preview`→`rc`, `-1`/`rev1`→`.post1`),
 * implicit 0 (`1.0a` == `1.0a0`), trailing zeros (`1.0` == `1.0.0`), and
 * `1.0.dev0 < 1.0a1 < 1.0a1.post1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0+local < 1.0.post1`.
 */
import { compare, valid } from '@renovatebot/pep440';
import { InvalidVersionError } from './version-errors';
import { sign, type VersionOrdering } from './version-ordering';

export const pep440Ordering: VersionOrdering<string> = {
  parse(version) {
    if (valid(version) === null) {
      throw new InvalidVersionError('pypi', version, 'must be PEP 440: [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], e.g. 1!2.0rc1.post2.dev3+local.7');
    }
    return version;
  },
  compare: (a, b) => sign(compare(a, b)),
};
