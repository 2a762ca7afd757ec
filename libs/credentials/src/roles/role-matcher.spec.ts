import { matchRole } from './role-matcher';
import { parseBrokerRoles } from './broker-roles.loader';

const ISSUER = 'https://ci.example.internal/oidc';
const file = parseBrokerRoles(`
issuers:
  - issuer: ${ISSUER}
    jwksUri: ${ISSUER}/jwks
roles:
  - name: firmware-ci
    issuer: ${ISSUER}
    bound_audiences: [tollgate-broker]
    bound_claims: { job_name: "pumps/*/build", ref: [refs/heads/main, "refs/tags/v*"] }
    bound_claims_type: glob
    run_id_claim: build_url
  - name: exact
    issuer: ${ISSUER}
    bound_audiences: [tollgate-broker]
    bound_claims: { job_name: "pumps/*" }
`);
const claims = { aud: ['tollgate-broker', 'other'], job_name: 'pumps/firmware/build', ref: 'refs/tags/v1.2.0', build_url: 'run-7' };

describe(matchRole.name, () => {
  it('takes a token whose audience and every bound claim match, globs included', () => {
    expect(matchRole(file.roles, ISSUER, claims, 'firmware-ci', 'run-7').role?.name).toBe('firmware-ci');
  });

  it.each([
    [{ ...claims, aud: 'other' }, 'run-7', 'audience not bound to role firmware-ci'],
    [{ ...claims, job_name: 'payments/api/build' }, 'run-7', 'claim "job_name" outside the bounds of role firmware-ci'],
    [{ ...claims, ref: 'refs/heads/feature' }, 'run-7', 'claim "ref" outside the bounds of role firmware-ci'],
    [{ ...claims, ref: undefined }, 'run-7', 'claim "ref" missing or not a string (role firmware-ci)'],
    [{ ...claims, ref: { nested: true } }, 'run-7', 'claim "ref" missing or not a string (role firmware-ci)'],
    [claims, 'run-8', 'claim "build_url" does not name pipeline run run-8 (role firmware-ci)'],
  ])('refuses a token outside the bounds, saying which (%#)', (c, run, reason) => {
    expect(matchRole(file.roles, ISSUER, c, 'firmware-ci', run)).toEqual({ reason });
  });

  it('treats a * literally in a string-typed role, and globs only across what the pattern allows', () => {
    expect(matchRole(file.roles, ISSUER, { ...claims, job_name: 'pumps/*' }, 'exact', 'r').role?.name).toBe('exact');
    expect(matchRole(file.roles, ISSUER, { ...claims, job_name: 'pumps/firmware' }, 'exact', 'r')).toEqual({ reason: 'claim "job_name" outside the bounds of role exact' });
    expect(matchRole(file.roles, ISSUER, { ...claims, job_name: 'pumps/a/build/extra' }, 'firmware-ci', 'run-7').role).toBeUndefined();
  });

  it('refuses an unknown role and a role of another issuer', () => {
    expect(matchRole(file.roles, ISSUER, claims, 'admin', 'run-7')).toEqual({ reason: 'no role named admin' });
    expect(matchRole(file.roles, 'https://elsewhere', claims, 'firmware-ci', 'run-7')).toEqual({ reason: 'role firmware-ci does not trust issuer https://elsewhere' });
  });
});

describe(parseBrokerRoles.name, () => {
  it('names every problem of a bad roles file by its path', () => {
    expect(() =>
      parseBrokerRoles(`
issuers: [{ issuer: a, jwksUri: "not a url" }]
roles:
  - { name: Bad Name, issuer: b, bound_audiences: [], token_ttl: 100, token_max_ttl: 10, secrets: [{ name: db, engine: ftp, backendRole: r }] }
database_roles:
  r: { grants: [{ privileges: [SUPERUSER], tables: [t] }] }
`),
    ).toThrow(
      [
        'roles file is invalid:',
        '  issuers[0].jwksUri: expected an absolute URL, got "not a url"',
        '  roles[0].name: expected a lowercase name like ci-inventory-read, got "Bad Name"',
        '  roles[0].bound_audiences: expected at least 1 item, got 0 items',
        '  roles[0].secrets[0].engine: expected one of database|aws|kv, got "ftp"',
        '  database_roles.r.grants[0].privileges[0]: expected one of SELECT|INSERT|UPDATE|DELETE|TRUNCATE|REFERENCES|TRIGGER|USAGE|CONNECT|TEMPORARY, got "SUPERUSER"',
      ].join('\n'),
    );
  });

  it('takes a kv secret by its path, and refuses paths that could leave it or names that are not roles', () => {
    const roles = (secret: string) => `issuers: [{ issuer: a, jwksFile: /k.json }]\nroles: [{ name: r, issuer: a, bound_audiences: [x], secrets: [${secret}] }]`;
    expect(parseBrokerRoles(roles('{ name: git, engine: kv, backendRole: git/pumps-firmware }')).roles[0].secrets[0]).toMatchObject({ engine: 'kv', backendRole: 'git/pumps-firmware' });
    expect(() => parseBrokerRoles(roles('{ name: git, engine: kv, backendRole: git/../sys }'))).toThrow(/secrets\[0\]\.backendRole: expected a KV path like git\/pumps-firmware/);
    expect(() => parseBrokerRoles(roles('{ name: db, engine: database, backendRole: git/pumps }'))).toThrow(/secrets\[0\]\.backendRole: expected a lowercase name like ci-inventory-read/);
  });

  it('refuses YAML that does not parse, and a role naming an issuer that is not trusted', () => {
    expect(() => parseBrokerRoles('roles: [unclosed', 'roles.yaml')).toThrow(/^roles\.yaml: not valid YAML/);
    expect(() =>
      parseBrokerRoles(`issuers: [{ issuer: a, jwksFile: /k.json }]\nroles: [{ name: r, issuer: b, bound_audiences: [x] }]`),
    ).toThrow(/roles\[0\]\.issuer: expected issuer b is not in issuers/);
  });
});
