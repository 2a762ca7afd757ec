/** Transit key names, as the credential broker accepts them. */
export const KEY_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const HINT = /^([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}):v([1-9][0-9]{0,8})$/;

export interface KeyId {
  name: string;
  version: number;
}

/** The bundle's key hint (and DSSE keyid): `<keyName>:v<version>`, one hint per key version. */
export function keyHint(name: string, version: number): string {
  return `${name}:v${version}`;
}

export function parseKeyHint(hint: string): KeyId | undefined {
  const match = HINT.exec(hint);
  return match ? { name: match[1], version: Number(match[2]) } : undefined;
}
