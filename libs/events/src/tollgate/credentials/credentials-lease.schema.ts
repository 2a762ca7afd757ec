import { nonEmptyString } from '../../schema/formats.schema';

// Lease METADATA only. The content schemas are strict, so a secret value (token,
// password, key) cannot ride along in these events even by accident.
export const leaseId = () => nonEmptyString().describe('lease id in the secrets backend (not a secret)');
export const role = () => nonEmptyString().describe('role the lease was minted for, e.g. `ci-db-readonly`');
export const engine = () => nonEmptyString().describe('secrets engine, e.g. `database`, `aws`');
