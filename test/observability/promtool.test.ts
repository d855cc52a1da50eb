// The rules checked and unit-tested by promtool (Debian's prometheus package); every alert has a
// unit test where it fires and one where it stays quiet, and a runbook section.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';

const root = resolve(__dirname, '..', '..');
const prometheusDir = join(root, 'observability', 'prometheus');
const files = (dir: string) =>
  readdirSync(join(prometheusDir, dir))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(prometheusDir, dir, name));

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; annotations?: Record<string, string> }[] }[];
}
interface TestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}
const alertRules = files('rules').flatMap((file) =>
  (yaml.load(readFileSync(file, 'utf8')) as RuleFile).groups.flatMap((group) =>
    group.rules.filter((rule) => rule.alert),
  ),
);
const checks = files('tests').flatMap((file) =>
  (yaml.load(readFileSync(file, 'utf8')) as TestFile).tests.flatMap(
    (test) => test.alert_rule_test ?? [],
  ),
);

// promtool evaluates days of samples; on a busy machine that takes minutes.
const SLOW = 10 * 60_000;

describe('Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const result = promtool('check', 'rules', ...files('rules'));
    expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it.each(files('tests'))(
    'pass their unit tests in %s',
    (file) => {
      const result = promtool('test', 'rules', file);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    },
    SLOW,
  );

  it.each(alertRules.map((rule) => rule.alert!))(
    '%s is tested firing and quiet, and has a runbook section',
    (alert) => {
      const mine = checks.filter((check) => check.alertname === alert);
      expect(mine.some((check) => check.exp_alerts.length > 0)).toBe(true);
      expect(mine.some((check) => check.exp_alerts.length === 0)).toBe(true);
      const rule = alertRules.find((candidate) => candidate.alert === alert)!;
      const anchor = alert.toLowerCase();
      expect(rule.annotations?.runbook).toBe(`observability/README.md#${anchor}`);
      const readme = readFileSync(join(root, 'observability', 'README.md'), 'utf8');
      expect(readme).toMatch(new RegExp(`^### ${alert}$`, 'm'));
    },
  );
});
