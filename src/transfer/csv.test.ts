import fc from 'fast-check';
import { csvRecord, CsvSyntaxError, neutralise, parseCsv, unneutralise } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, and counts lines', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n\nlast,,""\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('reads a last record without a line break, and a quote inside an unquoted field as it is', () => {
    expect(parseCsv('5" screen,b')).toEqual([{ line: 1, fields: ['5" screen', 'b'] }]);
  });

  it.each([
    ['title\n"never closed\nmore', 2, /not closed/],
    ['title\n"closed"then text', 2, /followed by more text/],
  ])('refuses bad quoting with the line: %j', (text, line, reason) => {
    const attempt = () => parseCsv(text);
    expect(attempt).toThrow(CsvSyntaxError);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(line);
    }
  });

  it('reads back every record it writes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 2, maxLength: 5 }),
          {
            maxLength: 10,
          },
        ),
        (rows) => {
          const parsed = parseCsv(rows.map(csvRecord).join(''));
          expect(parsed.map((record) => record.fields.map(unneutralise))).toEqual(rows);
        },
      ),
      { seed: 20261202, numRuns: 500 },
    );
  });
});

describe('formula neutralising', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tx', '\rx', "'quoted"])(
    '%j gets a leading quote, and loses exactly that one again',
    (value) => {
      expect(neutralise(value)).toBe(`'${value}`);
      expect(unneutralise(neutralise(value))).toBe(value);
    },
  );

  it('leaves other values alone', () => {
    expect(neutralise('Buy milk = good')).toBe('Buy milk = good');
    expect(csvRecord(['=1+1', 'plain'])).toBe("'=1+1,plain\r\n");
  });
});
