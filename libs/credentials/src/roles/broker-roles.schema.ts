import { z } from 'zod';

const IDENTIFIER = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const identifier = z.string().regex(IDENTIFIER, 'a lowercase name like ci-inventory-read');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');
// Postgres privileges a leased role may be granted; anything else (SUPERUSER, CREATEROLE…) is not a grant.
const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'USAGE', 'CONNECT', 'TEMPORARY'] as const;
const qualifiedName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'schema.table or a plain name');

/** An issuer whose workload tokens the broker accepts (Jenkins OIDC, a Kubernetes API server, …). */
export const trustedIssuerSchema = z
  .object({
    issuer: z.string().min(1),
    /** Fetched, cached, and refetched when a token names an unknown kid. */
    jwksUri: z.url({ message: 'an absolute URL' }).optional(),
    /** A static JWKS on disk: an air-gapped site, or the local stack's own issuer. */
    jwksFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((i) => Boolean(i.jwksUri) !== Boolean(i.jwksFile), { message: 'give exactly one of jwksUri or jwksFile' });

// A KV secret's path: segments like `git/pumps-firmware`; no empty, `.` or `..` segment.
const KV_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}){0,15}$/;

/**
 * One secret a role may lease. `backendRole` names the role in the backend (Vault:
 * database/creds/<backendRole>), or for engine `kv` the static secret's path.
 */
export const roleSecretSchema = z
  .object({
    name: identifier,
    engine: z.enum(['database', 'aws', 'kv']),
    backendRole: z.string(),
    /** AWS only: `creds` (aws/creds/<role>, revocable) or `sts` (aws/sts/<role>: ends at expiry, cannot be revoked early). */
    aws_method: z.enum(['creds', 'sts']).optional(),
    /** Variable names for `tollgate credentials exchange -- cmd`; default <NAME>_<FIELD>. */
    env: z.record(z.string(), envName).optional(),
  })
  .strict()
  .refine((s) => s.engine === 'aws' || s.aws_method === undefined, { message: 'aws_method applies to engine aws only', path: ['aws_method'] })
  .superRefine((s, ctx) => {
    const [pattern, expected] = s.engine === 'kv' ? [KV_PATH, 'a KV path like git/pumps-firmware'] : [IDENTIFIER, 'a lowercase name like ci-inventory-read'];
    if (!pattern.test(s.backendRole)) ctx.addIssue({ code: 'custom', path: ['backendRole'], message: expected });
  });

/** Like a Vault JWT auth role: which tokens match, and what they may lease, for how long. */
export const brokerRoleSchema = z
  .object({
    name: identifier,
    issuer: z.string().min(1),
    bound_audiences: z.array(z.string().min(1)).min(1),
    /** Claim name → allowed value(s). With `bound_claims_type: glob`, `*` matches any run of characters. */
    bound_claims: z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).default({}),
    bound_claims_type: z.enum(['string', 'glob']).default('string'),
    /** Claim whose value must equal the pipelineRunId the build asks for (e.g. Jenkins' build URL). */
    run_id_claim: z.string().min(1).optional(),
    token_ttl: z.number().int().positive().default(600),
    token_max_ttl: z.number().int().positive().default(1800),
    secrets: z.array(roleSecretSchema).default([]),
    /** Transit keys this role may ask the broker to sign with (keys never leave the broker). */
    sign_keys: z.array(identifier).default([]),
    /** Deliver secrets as single-use wrapping tokens (internal services) instead of in the response. */
    wrap: z.boolean().default(false),
    wrap_ttl: z.number().int().positive().max(3600).default(60),
    /** Backend auth role and mount for the per-build login (vault); default: this role's name on `jwt`. */
    auth_role: identifier.optional(),
    auth_mount: z.string().regex(/^[a-z0-9][a-z0-9/_-]*$/).default('jwt'),
  })
  .strict()
  .refine((r) => r.token_ttl <= r.token_max_ttl, { message: 'token_ttl must not exceed token_max_ttl', path: ['token_ttl'] })
  .refine((r) => new Set(r.secrets.map((s) => s.name)).size === r.secrets.length, { message: 'secret names must be unique', path: ['secrets'] });

/** Embedded backend only: what a leased Postgres role is granted. Exactly these grants, nothing more. */
export const databaseRoleSchema = z
  .object({
    grants: z
      .array(
        z
          .object({
            privileges: z.array(z.enum(PRIVILEGES)).min(1),
            tables: z.array(qualifiedName).optional(),
            schemas: z.array(qualifiedName).optional(),
          })
          .strict()
          .refine((g) => Boolean(g.tables?.length) !== Boolean(g.schemas?.length), { message: 'a grant names tables or schemas, not both' }),
      )
      .min(1),
  })
  .strict();

export const brokerRolesFileSchema = z
  .object({
    issuers: z.array(trustedIssuerSchema).min(1),
    roles: z.array(brokerRoleSchema).min(1),
    database_roles: z.record(identifier, databaseRoleSchema).default({}),
  })
  .strict()
  .superRefine((file, ctx) => {
    const issuers = new Set(file.issuers.map((i) => i.issuer));
    const names = new Set<string>();
    file.roles.forEach((role, i) => {
      if (names.has(role.name)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'name'], message: `duplicate role ${role.name}` });
      names.add(role.name);
      if (!issuers.has(role.issuer)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'issuer'], message: `issuer ${role.issuer} is not in issuers` });
    });
  });

export type TrustedIssuer = z.output<typeof trustedIssuerSchema>;
export type BrokerRole = z.output<typeof brokerRoleSchema>;
export type RoleSecret = z.output<typeof roleSecretSchema>;
export type DatabaseRoleGrants = z.output<typeof databaseRoleSchema>;
export type BrokerRolesFile = z.output<typeof brokerRolesFileSchema>;
