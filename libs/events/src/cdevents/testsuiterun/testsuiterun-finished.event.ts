import { z } from 'zod';
import { absoluteUri, nonEmptyString } from '../../schema/formats.schema';
import { subjectReference } from '../common.schema';
import { defineCDEvent } from '../../definitions/event-definition';
import { CONSOLE, INGEST, POLICY_ENGINE } from '../../definitions/services';

export const testSuiteRunFinished = defineCDEvent({
  key: 'testsuiterun.finished',
  version: '0.3.0',
  legacyVersion: '0.2.0',
  legacySubjectType: 'testSuiteRun',
  content: z.strictObject({
    environment: subjectReference('environment the tests ran in'),
    testSuite: z
      .strictObject({
        id: nonEmptyString().describe('id of the test suite'),
        version: nonEmptyString().optional().describe('version of the test suite'),
        name: nonEmptyString().optional().describe('name of the test suite'),
        uri: absoluteUri().optional().describe('where the test suite is defined'),
      })
      .optional()
      .describe('the test suite that ran'),
    outcome: z.enum(['pass', 'fail', 'cancel', 'error']).describe('result of the run'),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional().describe('how bad a failure is'),
    reason: z.string().optional().describe('why the run ended this way'),
  }),
  description: 'A test suite run finished; its outcome is gate evidence.',
  producers: [INGEST],
  consumers: [POLICY_ENGINE, CONSOLE],
});
