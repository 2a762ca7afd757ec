export type TreeErrorCode = 'ROOT_NOT_FOUND' | 'ROOT_NOT_DIRECTORY' | 'PATH_OUTSIDE_ROOT' | 'READ_FAILED';

/** A tree that cannot be read as asked; the message names the path. */
export class TreeError extends Error {
  override readonly name = 'TreeError';

  constructor(
    readonly code: TreeErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}
