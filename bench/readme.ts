// Puts a run's report into README.md's Benchmark section, between two markers: `npm run bench --
// --readme` does it at the end of a run, `npx tsx bench/readme.ts` from the last run's report
// (bench/results/latest.md). Everything outside the markers stays as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

const readmePath = resolve(__dirname, '..', 'README.md');
export const latestReport = resolve(__dirname, 'results', 'latest.md');

/** The report without its title: the header lines, the tables and the notes. */
export function readmeFragment(report: string): string {
  const lines = report.trimEnd().split('\n');
  const body = lines[0]?.startsWith('# ') ? lines.slice(1) : lines;
  return body.join('\n').trim();
}

/** `readme` with what stands between the markers replaced by `fragment`. */
export function replaceBenchSection(readme: string, fragment: string): string {
  const count = (marker: string) => readme.split(marker).length - 1;
  if (count(BEGIN) !== 1 || count(END) !== 1) {
    throw new Error(
      `README.md must hold ${BEGIN} and ${END} once each around the benchmark's tables (found ${count(BEGIN)} and ${count(END)})`,
    );
  }
  const start = readme.indexOf(BEGIN) + BEGIN.length;
  const end = readme.indexOf(END);
  if (end < start) throw new Error(`README.md has ${END} before ${BEGIN}`);
  return `${readme.slice(0, start)}\n\n${fragment}\n\n${readme.slice(end)}`;
}

/** Writes `report` into README.md between the markers. */
export function updateReadme(report: string): void {
  const readme = readFileSync(readmePath, 'utf8');
  writeFileSync(readmePath, replaceBenchSection(readme, readmeFragment(report)));
}

if (require.main === module) {
  try {
    if (!existsSync(latestReport)) throw new Error('no report yet: run `npm run bench` first');
    updateReadme(readFileSync(latestReport, 'utf8'));
    process.stdout.write('README.md now holds the last run of the benchmark.\n');
  } catch (error) {
    console.error(`bench/readme.ts: ${(error as Error).message}`);
    process.exit(1);
  }
}
