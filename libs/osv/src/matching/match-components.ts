import type { ComponentToMatch } from '../ecosystems/component-key';
import type { AffectedLookup } from './affected-entry';
import { matchWithLookup } from './match-with-lookup';
import type { MatchReport } from './vulnerability-match';

/**
 * Matches SBOM components against a database (an OsvDatabase): one map lookup per
 * component, then the range check on the entries found. Components whose version the
 * ecosystem cannot order are reported as `unmatchable`, never quietly cleared.
 */
export function matchComponents(db: AffectedLookup, components: ReadonlyArray<ComponentToMatch>): MatchReport {
  return matchWithLookup(db, components);
}
