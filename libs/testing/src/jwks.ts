import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  /** Signs a token with the issuer's current key; claims default to a valid, 5-minute token. */
  sign(claims?: JWTPayload, options?: { expiresInSeconds?: number; notBefore?: number; key?: 'current' | 'foreign' }): Promise<string>;
  /** An unsigned `alg: none` token with otherwise valid claims. */
  unsigned(claims?: JWTPayload): string;
  /** Replaces the signing key (the old one leaves the JWKS), as an issuer rotating keys would. */
  rotate(): Promise<void>;
  jwksRequests(): number;
  close(): Promise<void>;
}

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/**
 * A real OIDC-style issuer on loopback: keys minted per test run (nothing
 * committed), JWKS served over HTTP so the code under test fetches it as it
 * would from Jenkins or a Kubernetes API server.
 */
export async function startTestIssuer(audience = 'tollgate'): Promise<TestIssuer> {
  let generation = 1;
  let current = await newKey(`k${generation}`);
  const foreign = await newKey('foreign');
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [current.publicJwk] }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const baseClaims = (): JWTPayload => ({ iss: issuer, aud: audience, sub: 'job/pumps/firmware' });

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    async sign(claims = {}, options = {}) {
      const key = options.key === 'foreign' ? foreign : current;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ ...baseClaims(), ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? 300));
      if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
      return jwt.sign(key.privateKey);
    },
    unsigned(claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...baseClaims(), iat: now, exp: now + 300, ...claims })}.`;
    },
    async rotate() {
      generation += 1;
      current = await newKey(`k${generation}`);
    },
    jwksRequests: () => requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
