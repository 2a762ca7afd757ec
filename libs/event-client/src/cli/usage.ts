export const EXIT_STATUS = `Exit status: 0 done; 1 the gateway refused or could not be reached;
2 bad usage or input (nothing was sent).`;

export const MAIN_USAGE = `Usage: tollgate <command> [options]

Commands:
  audit verify            check a schema's hash-chained audit log for tampering
  credentials exchange    trade this build's workload token for its short-lived secrets
  event send              post one CDEvent to the ingest gateway
  pipeline show <run-id>  print what Tollgate knows about a pipeline run
  policy test <pack>      run a policy pack's own test cases (like opa test)
  sbom build|fda-report|query  build an SBOM offline, report FDA support fields, find artifacts by component
  scan <path>             scan a directory offline for IaC misconfigurations and secrets
  source hash-password    hash an ingest source's Basic password read from stdin
  verify <digest>         check an artifact's Sigstore bundles offline against a trust policy

Run 'tollgate <command> --help' for a command's options.

${EXIT_STATUS}
`;

export const EVENT_USAGE = `Usage: tollgate event <command> [options]

Commands:
  send   post one CDEvent to the ingest gateway

Run 'tollgate event send --help' for its options.
`;

export const GATEWAY_OPTIONS = `  --url <url>             gateway base URL (env TOLLGATE_URL, default http://127.0.0.1:8080)
  --retries <n>           retries on 429, 5xx and network errors (default 5)`;


export const PIPELINE_USAGE = `Usage: tollgate pipeline show <run-id> [options]

Prints, as JSON, what Tollgate knows about one pipeline run.

Options:
${GATEWAY_OPTIONS}
  --source-id <id>        sign the request as this source (env TOLLGATE_SOURCE_ID)
  --secret-file <path>    with --source-id: the source's HMAC secret (env TOLLGATE_HMAC_SECRET_FILE)
  -h, --help              show this help

${EXIT_STATUS}
`;

export const SOURCE_USAGE = `Usage: tollgate source hash-password < password-file
       printf '%s' "$PASSWORD" | tollgate source hash-password

Reads one password from stdin (never from the command line, where ps and
shell history would keep it; one trailing newline is dropped) and prints the
scrypt hash to store as an ingest source's Basic credential:
  scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>

Options:
  -h, --help              show this help
`;

export const AUDIT_USAGE = `Usage: tollgate audit verify --schema <name> [options]

Walks the schema's append-only audit log in order, recomputes every entry's
hash and its link to the one before, and prints either
  audit chain intact: <n> entries, head <hash>
or the first broken link:
  audit chain broken at entry <seq>: <reason>
Entries removed from the end leave no broken link: the signed checkpoints
catch that. With --keys, every checkpoint (the head signed by the broker's key)
must name the hash its entry has and verify with the key it names.

Options:
  --schema <name>         the service's schema, e.g. credentials or policy (required)
  --database-url <url>    postgres://user@host:port/database
                          (env DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tollgate)
  --keys <file>           public keys as the signer's GET /v1/keys serves them
                          ({"keys": [{"kid": "<key>:v<N>", "pem": "…"}]})
  -h, --help              show this help

Exit status: 0 the chain is intact; 1 it is broken, or the database or its
audit log could not be read; 2 bad usage.
`;

export const CREDENTIALS_USAGE = `Usage: tollgate credentials exchange --role <role> --run-id <id> (--out <file> | -- <command> [args...])

Trades this build's workload token (a JWT from the CI system's OIDC provider
or a service-account token) for the role's short-lived secrets. The secrets go
to a file (mode 0600) or to the environment of ONE child command; never to
stdout, never to argv. They are revoked when the run finishes or expires.

Options:
  --role <role>           broker role to lease for (required)
  --run-id <id>           pipeline run id, e.g. the Jenkins run URL (env TOLLGATE_RUN_ID)
  --token-file <file>     file holding the workload token (env TOLLGATE_WORKLOAD_TOKEN_FILE;
                          or the token itself in env TOLLGATE_WORKLOAD_TOKEN)
  --broker-url <url>      credential broker base URL (env TOLLGATE_BROKER_URL,
                          default http://127.0.0.1:8081); https in production,
                          extra CA certificates via NODE_EXTRA_CA_CERTS
  --ttl <seconds>         requested lifetime (capped by the role's maximum)
  --out <file>            write the secrets there (created mode 0600)
  --format env|json       file format for --out (default env: NAME='value' lines)
  -- <command> [args...]  run the command with the secrets in its environment;
                          exits with the command's status
  -h, --help              show this help

Exit status: 0 leased (or the child's status); 1 denied or the broker could
not be reached; 2 bad usage.
`;
