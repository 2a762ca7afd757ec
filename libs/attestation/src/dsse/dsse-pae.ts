/**
 * DSSE pre-authentication encoding: what is actually signed.
 * `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes, ASCII decimal.
 * Binding the payload type into the signed bytes stops a payload being replayed as another type.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, 'ascii'), type, Buffer.from(` ${payload.length} `, 'ascii'), payload]);
}
