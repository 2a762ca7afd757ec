import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRequirementsTxt } from './requirements-txt.reader';

const requirementsTxt = readFileSync(join(__dirname, 'fixtures', 'requirements.txt'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });

describe(readRequirementsTxt.name, () => {
  it("lists pip-compile's pins with versions free of markers, and takes edges and roots from its # via comments", () => {
    const inventory = readRequirementsTxt(requirementsTxt, 'requirements.txt');

    expect(inventory.components.map((c) => [c.purl, c.version, c.scope, c.evidence, c.dependsOn])).toEqual([
      ['pkg:pypi/anyio@4.6.2.post1', '4.6.2.post1', 'required', 'requirements.txt:7', ['pkg:pypi/idna@3.10', 'pkg:pypi/sniffio@1.3.1']],
      ['pkg:pypi/colorama@0.4.6', '0.4.6', 'required', 'requirements.txt:11', []],
      ['pkg:pypi/idna@3.10', '3.10', 'required', 'requirements.txt:15', []],
      ['pkg:pypi/pyyaml@6.0.2', '6.0.2', 'required', 'requirements.txt:21', []],
      ['pkg:pypi/sniffio@1.3.1', '1.3.1', 'required', 'requirements.txt:25', []],
    ]);
    expect(inventory.roots).toEqual(['pkg:pypi/anyio@4.6.2.post1', 'pkg:pypi/colorama@0.4.6', 'pkg:pypi/idna@3.10', 'pkg:pypi/pyyaml@6.0.2']);
  });

  it('gives a requirement the hashes of its --hash continuation lines', () => {
    const idna = readRequirementsTxt(requirementsTxt, 'requirements.txt').components.find((c) => c.name === 'idna');

    expect(idna?.hashes).toEqual([
      { alg: 'SHA-256', content: '6900fe2c6f8c58b85a7d96f4b0937545e40289be9e0aa2392b3035f3bc176d6b' },
      { alg: 'SHA-256', content: 'cb0c73b778992a64913402aa2b222077f09ad1627b85526d8b9c2aa770daa1f1' },
    ]);
  });

  it('reads a pip freeze list: extras dropped from the name, PEP 503 names, comments and options skipped, no roots claimed', () => {
    const frozen = ['--index-url https://pypi.org/simple', 'Flask_Cors==5.0.0  # CORS for the API', 'uvicorn[standard]==0.32.0', 'zope.interface===7.1.1', ''].join('\n');

    expect(readRequirementsTxt(frozen, 'requirements.txt')).toEqual({
      components: [
        expect.objectContaining({ purl: 'pkg:pypi/flask-cors@5.0.0', name: 'flask-cors', version: '5.0.0', hashes: [], dependsOn: [], evidence: 'requirements.txt:2' }),
        expect.objectContaining({ purl: 'pkg:pypi/uvicorn@0.32.0', name: 'uvicorn', version: '0.32.0' }),
        expect.objectContaining({ purl: 'pkg:pypi/zope-interface@7.1.1', name: 'zope-interface' }),
      ],
      roots: [],
    });
  });

  it.each([
    ['an unpinned requirement', 'idna==3.10\nrequests>=2.31\n', 2, '"requests>=2.31" is not pinned to one version with ==: the file does not say which version shipped'],
    ['a wildcard pin', 'idna==3.*\n', 1, '"idna==3.*" is not pinned to one version with ==: the file does not say which version shipped'],
    ['a range around a pin', 'idna==3.10,<4\n', 1, '"idna==3.10,<4" is not pinned to one version with ==: the file does not say which version shipped'],
    ['a URL requirement', 'pkg @ https://example.com/pkg-1.0.tar.gz\n', 1, '"pkg @ https://example.com/pkg-1.0.tar.gz" is a URL or path requirement: the file does not say which version shipped'],
    ['an editable install', '# local\n-e ./libs/shared\n', 2, '"-e ./libs/shared" is an editable install: it names a source tree, not a released version'],
    ['an included file', '-r base.txt\n', 1, '"-r base.txt" includes another file, whose requirements this reader does not see'],
    ['a double requirement', 'PyYAML==6.0.2\npyyaml==6.0.1\n', 2, 'pyyaml is required twice (pip refuses a double requirement)'],
    ['an unknown hash algorithm', 'idna==3.10 --hash=md5:0123\n', 1, 'unsupported hash "md5:0123"'],
  ])('refuses %s, naming its line', (_case, text, line, reason) => {
    expect(() => readRequirementsTxt(text, 'svc/requirements.txt')).toThrow(inputError({ file: 'svc/requirements.txt', position: { line }, reason }));
  });

  it('refuses a file cut inside a requirement, at the line the requirement starts', () => {
    const cut = requirementsTxt.slice(0, requirementsTxt.indexOf('\\\n    --hash=sha256:62d7') + 1);

    expect(() => readRequirementsTxt(cut, 'requirements.txt')).toThrow(inputError({ reason: expect.stringMatching(/^truncated/), position: { line: 25 } }));
  });
});
