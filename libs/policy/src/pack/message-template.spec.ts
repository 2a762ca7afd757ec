import { celList, celMap } from '@bufbuild/cel';
import { compileTemplate, renderTemplate } from './message-template';

function render(text: string, item: Record<string, unknown>): string {
  const compiled = compileTemplate(text, ['evidence', 'item']);
  if (!compiled.ok) throw new Error(compiled.problem.message);
  const map = new Map(Object.entries(item).map(([k, v]) => [k, Array.isArray(v) ? celList(v as string[]) : (v as string)]));
  return renderTemplate(compiled.template, { evidence: celMap(new Map()), item: celMap(map) });
}

describe(compileTemplate.name, () => {
  it('renders CEL placeholders: strings as they are, lists joined, whole numbers without a decimal point', () => {
    expect(render('{{item.path}}:{{item.line}} [{{ item.ids }}]', { path: 'main.tf', line: 12, ids: ['CVE-1', 'GHSA-2'] })).toBe('main.tf:12 [CVE-1, GHSA-2]');
  });

  it('renders a placeholder that fails for this item as ?, leaving the rest of the message', () => {
    expect(render('at {{item.location.path}} ({{item.ruleId}})', { ruleId: 'R1' })).toBe('at ? (R1)');
  });

  it('refuses an unclosed or empty placeholder with its offset', () => {
    expect(compileTemplate('at {{item.path', ['item'])).toEqual({ ok: false, problem: { offset: 3, message: 'placeholder {{ is not closed with }}' } });
    expect(compileTemplate('x {{ }}', ['item'])).toEqual({ ok: false, problem: { offset: 2, message: 'empty placeholder {{}}' } });
  });
});
