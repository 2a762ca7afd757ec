import canonicalize from 'canonicalize';
import { cleanEvidence } from '../testing/evidence-fixture';
import { canonicalJson } from './canonical-json';

describe(canonicalJson.name, () => {
  it('writes exactly what an RFC 8785 serializer writes, for evidence and for awkward values', () => {
    const awkward = {
      z: [1e21, 1e-7, -0, 0.1 + 0.2, 123456789012345680000, 5e-324],
      a: { 'é': 'ü\u2028\u0000"\\', B: true, b: null, _: [] },
      '\ud83d\ude00': 'emoji key',
      nested: [{ y: 1, x: { d: 'd', c: 'c' } }],
    };
    for (const value of [cleanEvidence(), awkward]) expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('orders integer-like keys as strings, as RFC 8785 does, not numerically as objects enumerate them', () => {
    const value = { '10': 'ten', '9': 'nine', b: { '2': 'two', '11': 'eleven' } };
    expect(canonicalJson(value)).toBe('{"10":"ten","9":"nine","b":{"11":"eleven","2":"two"}}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('leaves out undefined members, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
