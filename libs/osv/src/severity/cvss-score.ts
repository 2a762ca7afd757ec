/**
 * CVSS base scores from the vectors OSV carries, computed by ae-cvss-calculator. The
 * calculator forgives too much for a gate (a missing metric scores 0 on 4.0, a repeated
 * one silently wins), so the vector's shape is checked here first.
 */
import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export type CvssScore = { ok: true; version: CvssVersion; score: number; vector: string } | { ok: false; vector: string; reason: string };

const REQUIRED: Readonly<Record<CvssVersion, readonly string[]>> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

function versionOf(vector: string): CvssVersion | undefined {
  const prefix = /^CVSS:(\d\.\d)\//.exec(vector)?.[1];
  if (prefix === undefined) return /^\(?AV:/.test(vector) ? '2.0' : undefined;
  return prefix === '3.0' || prefix === '3.1' || prefix === '4.0' ? prefix : undefined;
}

/** Checks the metrics (each `KEY:VALUE` once, every base metric present), then scores. */
export function cvssBaseScore(vector: string): CvssScore {
  const fail = (reason: string): CvssScore => ({ ok: false, vector, reason });
  const version = versionOf(vector.trim());
  if (version === undefined) return fail('expected a CVSS vector starting "CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/" or a CVSS 2 "AV:"');
  const body = vector.trim().replace(/^CVSS:\d\.\d\//, '').replace(/^\((.*)\)$/, '$1');
  const seen = new Set<string>();
  for (const part of body.split('/')) {
    const match = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (match === null) return fail(`metric ${JSON.stringify(part)} is not KEY:VALUE`);
    if (seen.has(match[1])) return fail(`metric ${match[1]} appears twice`);
    seen.add(match[1]);
  }
  const missing = REQUIRED[version].filter((metric) => !seen.has(metric));
  if (missing.length > 0) return fail(`CVSS ${version} base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`);
  try {
    const score = computeBase(version, vector.trim());
    if (score === undefined || !Number.isFinite(score)) return fail('the calculator gave no base score');
    return { ok: true, version, score, vector: vector.trim() };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function computeBase(version: CvssVersion, vector: string): number | undefined {
  switch (version) {
    case '2.0':
      return new Cvss2(vector).calculateScores().base;
    case '3.0':
      return new Cvss3P0(vector).calculateScores().base;
    case '3.1':
      return new Cvss3P1(vector).calculateScores().base;
    case '4.0':
      // CVSS-B: threat metrics (E:…) would otherwise lower `base` to the CVSS-BT score.
      return new Cvss4P0(vector).calculateScores().baseMetricsOnly;
  }
}
