import { isLicenseListEntry, LicenseEvaluator } from './license-policy';

const policy = new LicenseEvaluator({
  allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-2.0-only WITH Classpath-exception-2.0'],
  deny: ['GPL-3.0-only', 'AGPL-3.0-only', 'GPL-2.0-only'],
});

describe(LicenseEvaluator.name, () => {
  describe('#assess', () => {
    it('allows a licence on the allow list and denies one on the deny list', () => {
      expect(policy.assess(['MIT'])).toEqual({ verdict: 'allowed', reason: '' });
      expect(policy.assess(['GPL-3.0-only'])).toEqual({ verdict: 'denied', reason: 'GPL-3.0-only is denied' });
    });

    it('allows an OR expression when one choice is allowed, denies it only when every choice is denied', () => {
      expect(policy.assess(['MIT OR GPL-3.0-only']).verdict).toBe('allowed');
      expect(policy.assess(['GPL-3.0-only OR AGPL-3.0-only'])).toEqual({ verdict: 'denied', reason: 'AGPL-3.0-only, GPL-3.0-only are denied' });
    });

    it('allows an AND expression only when every part is allowed', () => {
      expect(policy.assess(['MIT AND Apache-2.0']).verdict).toBe('allowed');
      expect(policy.assess(['MIT AND GPL-3.0-only'])).toEqual({ verdict: 'denied', reason: 'GPL-3.0-only is denied' });
      expect(policy.assess(['(MIT OR GPL-3.0-only) AND BSD-3-Clause']).verdict).toBe('allowed');
    });

    it('treats several declared licences as all in force (AND)', () => {
      expect(policy.assess(['MIT', 'GPL-3.0-only']).verdict).toBe('denied');
      expect(policy.assess(['MIT', 'Apache-2.0']).verdict).toBe('allowed');
    });

    it('matches an exact WITH entry before the bare licence it extends', () => {
      expect(policy.assess(['GPL-2.0-only WITH Classpath-exception-2.0']).verdict).toBe('allowed');
      expect(policy.assess(['GPL-2.0-only']).verdict).toBe('denied');
      expect(policy.assess(['GPL-2.0-only WITH GCC-exception-2.0'])).toEqual({ verdict: 'denied', reason: 'GPL-2.0-only WITH GCC-exception-2.0 is denied' });
    });

    it('reports unknown, never allowed, for a missing, unparseable, unasserted or unlisted licence', () => {
      expect(policy.assess([])).toEqual({ verdict: 'unknown', reason: 'no licence declared' });
      expect(policy.assess(['MIT OR'])).toMatchObject({ verdict: 'unknown', reason: expect.stringContaining('unparseable SPDX expression "MIT OR"') });
      expect(policy.assess(['NOASSERTION'])).toEqual({ verdict: 'unknown', reason: 'licence not asserted (NOASSERTION)' });
      expect(policy.assess(['ISC'])).toEqual({ verdict: 'unknown', reason: 'ISC is not on the allow list' });
      expect(policy.assess(['LicenseRef-acme-eula'])).toEqual({ verdict: 'unknown', reason: 'custom licence LicenseRef-acme-eula is on neither list' });
    });

    it('ranks unknown between allowed and denied in OR and AND', () => {
      expect(policy.assess(['ISC OR GPL-3.0-only']).verdict).toBe('unknown');
      expect(policy.assess(['ISC AND MIT']).verdict).toBe('unknown');
      expect(policy.assess(['ISC AND GPL-3.0-only']).verdict).toBe('denied');
    });

    it('matches list entries case-insensitively, as SPDX ids are', () => {
      const lower = new LicenseEvaluator({ allow: ['mit'], deny: ['gpl-3.0-only'] });
      expect(lower.assess(['MIT']).verdict).toBe('allowed');
      expect(lower.assess(['GPL-3.0-only']).verdict).toBe('denied');
    });

    it('allows unlisted licences when the policy has only a deny list', () => {
      const denyOnly = new LicenseEvaluator({ allow: [], deny: ['AGPL-3.0-only'] });
      expect(denyOnly.assess(['ISC']).verdict).toBe('allowed');
      expect(denyOnly.assess(['AGPL-3.0-only']).verdict).toBe('denied');
      expect(denyOnly.assess(['LicenseRef-x']).verdict).toBe('unknown');
    });
  });
});

describe(isLicenseListEntry.name, () => {
  it('accepts a licence id, id+ and id WITH exception, and refuses compounds and non-ids', () => {
    expect(['MIT', 'GPL-2.0+', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-x'].map(isLicenseListEntry)).toEqual([true, true, true, true]);
    expect(['MIT OR Apache-2.0', 'mit license', ''].map(isLicenseListEntry)).toEqual([false, false, false]);
  });
});
