/** A request the API refuses as given (400). */
export class SignerRequestError extends Error {
  override readonly name = 'SignerRequestError';
}
