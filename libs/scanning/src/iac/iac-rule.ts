import { type Severity } from '../findings/finding';

/** Which scanner a rule belongs to; `any` is for rules every format can raise (parse errors). */
export type IacTarget = 'terraform' | 'kubernetes' | 'dockerfile' | 'any';

/** One entry of the rule catalogue that SARIF export and the docs list. */
export interface IacRule {
  /** Stable for ever: waivers and fingerprints key on it. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: 'iac';
  readonly target: IacTarget;
  /** What is wrong, in general; each finding's own message names the resource. */
  readonly message: string;
  /** The general fix; each finding's own fix names the resource and attribute. */
  readonly fix: string;
  readonly helpUri?: string;
}

/** Keeps each catalogue's keys as literal types, so rule code cannot name a rule that does not exist. */
export function ruleCatalogue<K extends string>(rules: Record<K, Omit<IacRule, 'kind'>>): Record<K, IacRule> {
  const out = {} as Record<K, IacRule>;
  for (const key of Object.keys(rules) as K[]) out[key] = { ...rules[key], kind: 'iac' };
  return out;
}
