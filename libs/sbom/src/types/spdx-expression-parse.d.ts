// The package ships no types; this is the one call Tollgate makes.
declare module 'spdx-expression-parse' {
  /** Throws on anything that is not a valid SPDX license expression. */
  export default function parse(expression: string): unknown;
}
