// A synthetic monorepo of services, each with a Terraform module (4 files) and Kubernetes
// manifests (multi-document YAML), written the way platform teams write them. About one
// service in five carries a misconfiguration (public bucket, open SSH, wildcard IAM,
// unencrypted database, privileged container, :latest image), so rules fire as well as pass.
import { type IacFile } from '@tollgate/scanning';
import { type Random } from './bench-random';

const TF_FILES = ['main.tf', 'network.tf', 'iam.tf', 'storage.tf'] as const;
const K8S_FILES = ['deployment.yaml', 'service.yaml', 'config.yaml', 'jobs.yaml'] as const;

function mainTf(svc: string): string {
  return `terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.40" }
  }
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "vpc_id" {
  type = string
}

locals {
  name = "${svc}-\${var.environment}"
  tags = { service = "${svc}", environment = var.environment, owner = "platform" }
}
`;
}

function networkTf(svc: string, bad: boolean): string {
  const ssh = bad ? '["0.0.0.0/0"]' : '["10.20.0.0/16"]';
  return `resource "aws_security_group" "${svc}" {
  name        = "\${local.name}-sg"
  description = "Traffic to ${svc}"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS from the load balancer"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "SSH for operators"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ${ssh}
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}
`;
}

function iamTf(svc: string, bad: boolean): string {
  const statement = bad
    ? `{ Effect = "Allow", Action = "*", Resource = "*" }`
    : `{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["\${aws_s3_bucket.${svc}.arn}/*"] }`;
  return `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "${svc}" {
  name               = "\${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_policy" "${svc}" {
  name = "\${local.name}-data"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statement}]
  })
}

resource "aws_iam_role_policy_attachment" "${svc}" {
  role       = aws_iam_role.${svc}.name
  policy_arn = aws_iam_policy.${svc}.arn
}
`;
}

function storageTf(svc: string, badBucket: boolean, badDb: boolean): string {
  return `resource "aws_s3_bucket" "${svc}" {
  bucket = "\${local.name}-data"
  tags   = local.tags
}
${
  badBucket
    ? `
resource "aws_s3_bucket_acl" "${svc}" {
  bucket = aws_s3_bucket.${svc}.id
  acl    = "public-read"
}
`
    : `
resource "aws_s3_bucket_public_access_block" "${svc}" {
  bucket                  = aws_s3_bucket.${svc}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`
}
resource "aws_s3_bucket_server_side_encryption_configuration" "${svc}" {
  bucket = aws_s3_bucket.${svc}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_logging" "${svc}" {
  bucket        = aws_s3_bucket.${svc}.id
  target_bucket = "platform-access-logs"
  target_prefix = "${svc}/"
}

resource "aws_db_instance" "${svc}" {
  identifier                      = "\${local.name}-db"
  engine                          = "postgres"
  engine_version                  = "16.3"
  instance_class                  = "db.t4g.medium"
  allocated_storage               = 50
  storage_encrypted               = ${badDb ? 'false' : 'true'}
  publicly_accessible             = false
  enabled_cloudwatch_logs_exports = ["postgresql"]
  vpc_security_group_ids          = [aws_security_group.${svc}.id]
  tags                            = local.tags
}
`;
}

function deploymentYaml(svc: string, i: number, bad: boolean): string {
  const image = bad ? `registry.internal/${svc}:latest` : `registry.internal/${svc}:1.${i % 40}.${i % 7}@sha256:${(i * 2654435761).toString(16).padStart(8, '0').repeat(8).slice(0, 64)}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${svc}
  namespace: ${svc}
  labels: { app: ${svc}, tier: backend }
spec:
  replicas: 3
  selector:
    matchLabels: { app: ${svc} }
  template:
    metadata:
      labels: { app: ${svc}, tier: backend }
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: app
          image: ${image}
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DATABASE_PASSWORD_FILE
              value: /run/secrets/db-password
          securityContext:
            privileged: ${bad ? 'true' : 'false'}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: "1", memory: 512Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
`;
}

function serviceYaml(svc: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${svc}
  namespace: ${svc}
spec:
  selector: { app: ${svc} }
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${svc}-ingress
  namespace: ${svc}
spec:
  podSelector:
    matchLabels: { app: ${svc} }
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { name: ingress }
`;
}

function configYaml(svc: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${svc}-config
  namespace: ${svc}
data:
  FEATURE_FLAGS: "telemetry,alarms"
  UPSTREAM_TIMEOUT_MS: "2500"
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${svc}
  namespace: ${svc}
automountServiceAccountToken: false
`;
}

function jobsYaml(svc: string, i: number, bad: boolean): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${svc}-cleanup
  namespace: ${svc}
spec:
  schedule: "${i % 60} 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          automountServiceAccountToken: false
          hostNetwork: ${bad ? 'true' : 'false'}
          securityContext: { runAsNonRoot: true, runAsUser: 10001 }
          containers:
            - name: cleanup
              image: registry.internal/${svc}-tools:2.${i % 9}.0
              args: ["cleanup", "--older-than", "30d"]
              resources:
                limits: { cpu: 500m, memory: 128Mi }
`;
}

/** `files` files (at least 8): services of 4 `.tf` and 4 `.yaml` files each, a fifth of them with violations. */
export function generateIacTree(files: number, random: Random): IacFile[] {
  const out: IacFile[] = [];
  for (let i = 0; out.length < files; i++) {
    const svc = `svc${String(i).padStart(4, '0')}`;
    const bad = () => random() < 0.2;
    const tf = [mainTf(svc), networkTf(svc, bad()), iamTf(svc, bad()), storageTf(svc, bad(), bad())];
    const yaml = [deploymentYaml(svc, i, bad()), serviceYaml(svc), configYaml(svc), jobsYaml(svc, i, bad())];
    TF_FILES.forEach((name, k) => out.push({ path: `services/${svc}/terraform/${name}`, content: tf[k] }));
    K8S_FILES.forEach((name, k) => out.push({ path: `services/${svc}/k8s/${name}`, content: yaml[k] }));
  }
  return out.slice(0, files);
}
