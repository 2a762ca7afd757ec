import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import type { TransitHashAlgorithm } from '@tollgate/credentials';
import { BrokerRuntime } from '../broker.runtime';
import { bearerToken, parseBody, signBodySchema } from './broker-request';

/** Transit-style signing: callers send bytes, never receive a key. Response shapes follow Vault's. */
@Controller('v1/transit')
export class TransitController {
  constructor(private readonly runtime: BrokerRuntime) {}

  @Post('sign/:key')
  @HttpCode(200)
  sign(@Param('key') key: string, @Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<{ data: { signature: string; key_version: number } }> {
    return this.signWith(key, undefined, authorization, body);
  }

  @Post('sign/:key/:hash')
  @HttpCode(200)
  signWithHash(
    @Param('key') key: string,
    @Param('hash') hash: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<{ data: { signature: string; key_version: number } }> {
    return this.signWith(key, hash, authorization, body);
  }

  /** Public keys of every live version (verifiers need old versions after a rotation). */
  @Get('keys/:key')
  async keys(@Param('key') key: string): Promise<{ data: Record<string, unknown> }> {
    const info = await this.runtime.backend.readKey(key);
    return {
      data: {
        name: info.name,
        type: info.type,
        latest_version: info.latestVersion,
        min_decryption_version: info.minDecryptionVersion,
        exportable: false,
        keys: Object.fromEntries(info.versions.map((v) => [String(v.version), { public_key: v.publicKeyPem, creation_time: v.createdAt.toISOString() }])),
      },
    };
  }

  private async signWith(key: string, hash: string | undefined, authorization: string | undefined, body: unknown): Promise<{ data: { signature: string; key_version: number } }> {
    const request = parseBody(signBodySchema, body);
    const hashAlgorithm = parseBody(signBodySchema.shape.hash_algorithm, hash ?? request.hash_algorithm) as TransitHashAlgorithm | undefined;
    const signature = await this.runtime.signing.sign({
      token: bearerToken(authorization),
      role: request.role,
      key,
      input: Buffer.from(request.input, 'base64'),
      keyVersion: request.key_version,
      hashAlgorithm,
      pipelineRunId: request.pipelineRunId,
    });
    return { data: { signature: signature.signature, key_version: signature.keyVersion } };
  }
}
