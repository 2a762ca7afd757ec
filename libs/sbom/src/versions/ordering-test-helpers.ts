/**
 * Shared by the ordering specs: an ecosystem's versions as a list of equality classes,
 * oldest first, turned into the pairs each spec asserts.
 */
import type { Ecosystem } from '../model/inventory';
import { compareVersions } from './compare-versions';

export type OrderedClasses = readonly (readonly string[])[];

/** Each class's first member against the next class's first member: `[older, newer]`. */
export function adjacentPairs(classes: OrderedClasses): [string, string][] {
  return classes.slice(1).map((newer, i) => [classes[i]?.[0] ?? '', newer[0] ?? '']);
}

/** Every member of a class (itself included: an order is reflexive) against the class's first member. */
export function equalPairs(classes: OrderedClasses): [string, string][] {
  return classes.flatMap((members) => members.map((other): [string, string] => [members[0] ?? '', other]));
}

/** Sorts every member of every class, given newest first, with the ecosystem's ordering; returns the class index of each. */
export function sortedClassIndexes(ecosystem: Ecosystem, classes: OrderedClasses): number[] {
  const tagged = classes.flatMap((members, index) => members.map((version) => ({ version, index })));
  tagged.reverse();
  tagged.sort((a, b) => compareVersions(ecosystem, a.version, b.version));
  return tagged.map(({ index }) => index);
}

/** What sortedClassIndexes must return: class indexes in ascending order, one per member. */
export function expectedClassIndexes(classes: OrderedClasses): number[] {
  return classes.flatMap((members, index) => members.map(() => index));
}
