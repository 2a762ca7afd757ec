import { z } from 'zod';

/**
 * The Jenkins Notification plugin's JobState (Gson, snake_case, nulls omitted).
 * Unknown fields are tolerated — plugin versions add some — but `log` and
 * `notes` are never copied anywhere, since build logs may carry secrets.
 */
export const jenkinsNotificationSchema = z.object({
  name: z.string().min(1),
  display_name: z.string().optional(),
  url: z.string().min(1),
  build: z.object({
    full_url: z.url().optional(),
    number: z.number().int().nonnegative(),
    queue_id: z.number().int().optional(),
    phase: z.enum(['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED']),
    status: z.enum(['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']).optional(),
    url: z.string().min(1),
    display_name: z.string().optional(),
    timestamp: z.number().int().positive(),
    duration: z.number().int().nonnegative().optional(),
    scm: z
      .object({
        url: z.string().optional(),
        branch: z.string().optional(),
        commit: z.string().optional(),
        changes: z.array(z.string()).optional(),
        culprits: z.array(z.string()).optional(),
      })
      .optional(),
    parameters: z.record(z.string(), z.string()).optional(),
    test_summary: z
      .object({ total: z.number(), failed: z.number(), passed: z.number(), skipped: z.number(), failed_tests: z.array(z.string()).optional() })
      .optional(),
    artifacts: z.record(z.string(), z.object({ archive: z.string().optional(), s3: z.string().optional() })).optional(),
  }),
});

export type JenkinsNotification = z.output<typeof jenkinsNotificationSchema>;
