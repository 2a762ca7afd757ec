import { z } from 'zod';
import { nonEmptyString } from '../../schema/formats.schema';

// Lease METADATA only. The content schemas are strict, so a secret value (token,
// password, key) cannot ride along in these events even by accident.
export const leaseId = () => nonEmptyString().describe('lease id in the secrets backend (not a secret)');
export const role = () => nonEmptyString().describe('broker role the lease was minted for, e.g. `ci-inventory-read`');
export const engine = () => nonEmptyString().describe('secrets engine, e.g. `database`, `aws`');
export const leasePath = () => nonEmptyString().describe('backend path the secret came from, e.g. `database/creds/ci-readonly`');
export const denialCategory = () =>
  z
    .enum(['token-invalid', 'role-mismatch', 'run-closed', 'backend-unavailable', 'backend-refused'])
    .describe('why, in one word: the token, the role bounds, a finished run, or the backend');
