// The README's benchmark tables come from a run's report, between two markers.
import { BEGIN, END, readmeFragment, replaceBenchSection } from '../../bench/readme';

const readme = [
  '## Benchmark',
  '',
  'Prose before.',
  '',
  BEGIN,
  '',
  '| old | table |',
  '',
  END,
  '',
  'Prose after.',
  '',
].join('\n');

describe('the README benchmark section', () => {
  it('when a report is put in, then only what stands between the markers changes', () => {
    const updated = replaceBenchSection(readme, '| new | table |');
    expect(updated).toBe(readme.replace('| old | table |', '| new | table |'));
    expect(replaceBenchSection(updated, '| new | table |')).toBe(updated);
  });

  it('when the report has a title, then the fragment leaves it out and keeps the rest', () => {
    const report = '# Judix benchmark\n\n- Machine: x\n\n| a |\n| - |\n\n- note\n';
    expect(readmeFragment(report)).toBe('- Machine: x\n\n| a |\n| - |\n\n- note');
  });

  it('when a marker is missing or doubled, then it says which markers it needs', () => {
    expect(() => replaceBenchSection(readme.replace(END, ''), 'x')).toThrow(
      `README.md must hold ${BEGIN} and ${END} once each around the benchmark's tables (found 1 and 0)`,
    );
    expect(() => replaceBenchSection(`${readme}${BEGIN}`, 'x')).toThrow(/found 2 and 1/);
  });

  it('when the markers stand in the wrong order, then it says so', () => {
    const swapped = readme.replace(BEGIN, '@').replace(END, BEGIN).replace('@', END);
    expect(() => replaceBenchSection(swapped, 'x')).toThrow(`README.md has ${END} before ${BEGIN}`);
  });
});
