import { z } from 'zod';

// The parts of `terraform show -json` (format 1.x) the rules read; everything else is ignored.

const values = z.record(z.string(), z.unknown());

const plannedResource = z.object({
  address: z.string(),
  mode: z.enum(['managed', 'data']),
  type: z.string(),
  name: z.string(),
  values: values.optional(),
});

export interface PlannedModule {
  resources?: z.infer<typeof plannedResource>[] | undefined;
  child_modules?: PlannedModule[] | undefined;
}

const plannedModule: z.ZodType<PlannedModule> = z.object({
  resources: z.array(plannedResource).optional(),
  get child_modules() {
    return z.array(plannedModule).optional();
  },
});

const expression = z.object({ constant_value: z.unknown().optional(), references: z.array(z.string()).optional() });

const configResource = z.object({
  address: z.string(),
  expressions: z.record(z.string(), z.unknown()).optional(),
});

export interface ConfigModule {
  resources?: z.infer<typeof configResource>[] | undefined;
  module_calls?: Record<string, { module?: ConfigModule | undefined }> | undefined;
}

const configModule: z.ZodType<ConfigModule> = z.object({
  resources: z.array(configResource).optional(),
  get module_calls() {
    return z.record(z.string(), z.object({ module: configModule.optional() })).optional();
  },
});

export const planSchema = z.object({
  format_version: z.string(),
  planned_values: z.object({ root_module: plannedModule }).optional(),
  resource_changes: z
    .array(
      z.object({
        address: z.string(),
        mode: z.enum(['managed', 'data']),
        type: z.string(),
        name: z.string(),
        change: z.object({ after: values.nullable().optional(), after_unknown: z.unknown().optional() }),
      }),
    )
    .optional(),
  configuration: z
    .object({
      provider_config: z
        .record(z.string(), z.object({ name: z.string(), alias: z.string().optional(), expressions: z.record(z.string(), z.unknown()).optional() }))
        .optional(),
      root_module: configModule.optional(),
    })
    .optional(),
});

export type TerraformPlan = z.infer<typeof planSchema>;

/** An expression from the plan's `configuration` section (`constant_value` or `references`). */
export function planExpression(value: unknown): z.infer<typeof expression> | undefined {
  const parsed = expression.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
