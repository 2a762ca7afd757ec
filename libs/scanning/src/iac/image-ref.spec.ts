import { imagePinning, parseImageRef } from './image-ref';
import { FIXTURE_DIGEST } from './fixtures/fixture';

describe(parseImageRef.name, () => {
  it('tells a registry port from a tag', () => {
    expect(parseImageRef('registry.acme.test:5000/team/app')).toEqual({ name: 'registry.acme.test:5000/team/app' });
    expect(parseImageRef(`registry.acme.test:5000/team/app:1.2@${FIXTURE_DIGEST}`)).toEqual({ name: 'registry.acme.test:5000/team/app', tag: '1.2', digest: FIXTURE_DIGEST });
  });
});

describe(imagePinning.name, () => {
  it.each([
    ['nginx', 'untagged'],
    ['nginx:latest', 'latest'],
    ['nginx:1.27.2', 'tag'],
    [`nginx:latest@${FIXTURE_DIGEST}`, 'digest'],
    [`nginx@${FIXTURE_DIGEST}`, 'digest'],
    ['nginx@sha256:short', 'untagged'],
  ])('classifies %s as %s', (ref, pinning) => expect(imagePinning(ref)).toBe(pinning));
});
