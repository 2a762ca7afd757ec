/** Where Tollgate's own export keeps what SARIF has no field for; read back on import so a round trip is lossless. */
export const TOLLGATE_FINGERPRINT = 'tollgate/v1';
export const TOLLGATE_KIND = 'tollgate/kind';
export const TOLLGATE_FIX = 'tollgate/fix';
