import { type z } from 'zod';

/** Schema of `subject.content`: always a strict object, so unknown fields are rejected. */
export type ContentSchema = z.ZodType<Record<string, unknown>>;

/** One event contract: its names on every wire, its content schema, and who speaks it. */
export interface EventDefinition<K extends string = string, C extends ContentSchema = ContentSchema> {
  /** `<subject>.<predicate>`, e.g. `pipelinerun.started`. */
  readonly key: K;
  /** The CloudEvents/CDEvents type Tollgate emits (CDEvents v0.5 or `dev.cdeventsx.tollgate-…`). */
  readonly type: string;
  /** CDEvents v0.4.1 types accepted on input and normalized to `type`. */
  readonly legacyTypes: readonly string[];
  /** v0.4.1 `subject.type` a legacy document must carry (removed in v0.5). */
  readonly legacySubjectType?: string;
  /** v0.4.1 → v0.5 renames inside `subject.content`, e.g. `{ url: 'uri' }`. */
  readonly legacyContentRenames?: Readonly<Record<string, string>>;
  /** NATS subject, `tollgate.<key>`. */
  readonly subject: string;
  readonly content: C;
  readonly description: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

interface CommonSpec<K extends string, C extends ContentSchema> {
  key: K;
  content: C;
  description: string;
  producers: readonly string[];
  consumers: readonly string[];
}

interface CDEventSpec<K extends string, C extends ContentSchema> extends CommonSpec<K, C> {
  /** v0.5.1 type version, e.g. `0.3.0`. */
  version: string;
  /** v0.4.1 type version, e.g. `0.2.0`. */
  legacyVersion: string;
  /** v0.4.1 `subject.type`, e.g. `pipelineRun`. */
  legacySubjectType: string;
  legacyContentRenames?: Readonly<Record<string, string>>;
}

export function defineCDEvent<const K extends string, C extends ContentSchema>(spec: CDEventSpec<K, C>): EventDefinition<K, C> {
  const { version, legacyVersion, ...rest } = spec;
  return {
    ...rest,
    type: `dev.cdevents.${spec.key}.${version}`,
    legacyTypes: [`dev.cdevents.${spec.key}.${legacyVersion}`],
    subject: `tollgate.${spec.key}`,
  };
}

/** Tollgate's own events: custom CDEvents `dev.cdeventsx.tollgate-<subject>.<predicate>.<M.m.p>`. */
export function defineTollgateEvent<const K extends `${string}.${string}`, C extends ContentSchema>(
  spec: CommonSpec<K, C> & { version: `${number}.${number}.${number}` },
): EventDefinition<K, C> {
  const { version, ...rest } = spec;
  const [subject, predicate] = spec.key.split('.');
  return {
    ...rest,
    type: `dev.cdeventsx.tollgate-${subject}.${predicate}.${version}`,
    legacyTypes: [],
    subject: `tollgate.${spec.key}`,
  };
}
