import { DF_RULES } from './dockerfile/dockerfile-rule-catalogue';
import { PARSE_RULES } from './iac-parse-error';
import { type IacRule } from './iac-rule';
import { K8S_RULES } from './kubernetes/kubernetes-rule-catalogue';
import { TF_RULES } from './terraform/terraform-rule-catalogue';

/**
 * Every built-in IaC rule, sorted by id, for SARIF `tool.driver.rules` and the docs. Why each
 * rule has its severity is written beside each catalogue: `critical` is kept for what the
 * design makes gate-blocking on its own (public bucket, wildcard IAM admin, admin port open to
 * the world, privileged container, hard-coded credentials).
 */
export const IAC_RULES: readonly IacRule[] = [
  ...Object.values(TF_RULES),
  ...Object.values(K8S_RULES),
  ...Object.values(DF_RULES),
  ...Object.values(PARSE_RULES),
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
