import { type Finding } from '../../findings/finding';
import { TF_RULES } from './terraform-rule-catalogue';
import { tfFinding } from './tf-finding';
import { num, resourcesOfType, str, strList, type TfBlock, type TfModule } from './tf-model';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const ADMIN_PORTS: Record<number, string> = { 22: 'SSH', 3389: 'RDP' };
const DB_PORTS: Record<number, string> = { 3306: 'MySQL', 5432: 'PostgreSQL', 1433: 'SQL Server', 1521: 'Oracle', 27017: 'MongoDB', 6379: 'Redis', 9200: 'Elasticsearch' };
const ALL_PROTOCOLS = new Set(['-1', 'all']);
const NO_PORTS = new Set(['icmp', 'icmpv6', '1', '58']);

/** One ingress permission, wherever it is declared. */
interface Ingress {
  readonly block: TfBlock;
  readonly owner: string;
  /** Identity for the fingerprint: the rule resource, or the group plus protocol and ports. */
  readonly address: string;
  /** Where to edit, for the fix: `the ingress block (tcp 22-22) of aws_security_group.web`. */
  readonly where: string;
  readonly protocol: string | undefined;
  readonly from: number | undefined;
  readonly to: number | undefined;
  /** Attributes holding CIDRs, IPv4 first. */
  readonly cidrAttributes: readonly string[];
}

/** TG-TF-006…008: ingress from 0.0.0.0/0 or ::/0 to admin ports, database ports or every port. */
export function checkSecurityGroups(module: TfModule): Finding[] {
  return ingresses(module).flatMap((ingress) => {
    const openAttribute = ingress.cidrAttributes.find((a) => strList(ingress.block.values[a]).some((c) => WORLD.has(c)));
    if (openAttribute === undefined) return [];
    const world = strList(ingress.block.values[openAttribute]).find((c) => WORLD.has(c))!;
    const exposure = classify(ingress);
    if (exposure === undefined) return [];
    const { rule, ports } = exposure;
    return [
      tfFinding({
        rule, block: ingress.block, attribute: openAttribute, address: ingress.address,
        message: `Security group ${ingress.owner} allows ${world} to ${ports}`,
        fix: `In ${ingress.where}, replace ${world} in ${openAttribute} with the CIDR or security group that needs ${ports}${rule === TF_RULES.SG_ADMIN_PORT_OPEN ? ' (or use SSM Session Manager instead of an open port)' : ''}`,
      }),
    ];
  });
}

function classify(ingress: Ingress) {
  const protocol = ingress.protocol?.toLowerCase();
  if (protocol !== undefined && ALL_PROTOCOLS.has(protocol)) return { rule: TF_RULES.SG_ALL_PORTS_OPEN, ports: 'all ports (protocol -1)' };
  if (protocol !== undefined && NO_PORTS.has(protocol)) return undefined;
  const { from, to } = ingress;
  if (from === undefined || to === undefined) return undefined;
  if (from <= 0 && to >= 65535) return { rule: TF_RULES.SG_ALL_PORTS_OPEN, ports: `all ports (${from}-${to})` };
  const inRange = (ports: Record<number, string>) =>
    Object.entries(ports).filter(([p]) => from <= Number(p) && Number(p) <= to).map(([p, name]) => `port ${p} (${name})`);
  const admin = inRange(ADMIN_PORTS);
  if (admin.length > 0) return { rule: TF_RULES.SG_ADMIN_PORT_OPEN, ports: admin.join(', ') };
  const db = inRange(DB_PORTS);
  if (db.length > 0) return { rule: TF_RULES.SG_DB_PORT_OPEN, ports: db.join(', ') };
  return undefined;
}

function ingresses(module: TfModule): Ingress[] {
  const out: Ingress[] = [];
  const ports = (b: TfBlock, protocolAttribute: string) => ({
    protocol: str(b.values[protocolAttribute]) ?? String(b.values[protocolAttribute]),
    from: num(b.values['from_port']),
    to: num(b.values['to_port']),
  });
  for (const sg of resourcesOfType(module, 'aws_security_group')) {
    for (const block of sg.blocks('ingress')) {
      const p = ports(block, 'protocol');
      const range = `${p.protocol} ${p.from}-${p.to}`;
      out.push({ block, owner: sg.address, address: `${sg.address}.ingress[${range}]`, where: `the ingress block (${range}) of ${sg.address}`, ...p, cidrAttributes: ['cidr_blocks', 'ipv6_cidr_blocks'] });
    }
  }
  for (const rule of resourcesOfType(module, 'aws_security_group_rule')) {
    if (str(rule.values['type']) !== 'ingress') continue;
    out.push({ block: rule, owner: sgOf(rule), address: rule.address, where: rule.address, ...ports(rule, 'protocol'), cidrAttributes: ['cidr_blocks', 'ipv6_cidr_blocks'] });
  }
  for (const rule of resourcesOfType(module, 'aws_vpc_security_group_ingress_rule')) {
    out.push({ block: rule, owner: sgOf(rule), address: rule.address, where: rule.address, ...ports(rule, 'ip_protocol'), cidrAttributes: ['cidr_ipv4', 'cidr_ipv6'] });
  }
  return out;
}

/** `aws_security_group.web (via aws_security_group_rule.ssh)` when the rule refers to its group. */
function sgOf(rule: TfBlock & { address: string }): string {
  const group = rule.references('security_group_id').find((r) => r.includes('aws_security_group.'));
  return group ? `${group} (via ${rule.address})` : rule.address;
}
