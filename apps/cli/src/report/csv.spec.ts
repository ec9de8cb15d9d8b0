import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvField, toCsv } from './csv';

describe('CSV (RFC 4180)', () => {
  it('quotes a field only when it holds a quote, comma or line break, doubling quotes', () => {
    expect(csvField('Maastricht')).toBe('Maastricht');
    expect(csvField('Den Bosch, centrum')).toBe('"Den Bosch, centrum"');
    expect(csvField('zei "nee"')).toBe('"zei ""nee"""');
    expect(csvField('regel\neen')).toBe('"regel\neen"');
    expect(csvField('regel\r\neen')).toBe('"regel\r\neen"');
    expect(csvField(' spaties ')).toBe(' spaties ');
  });

  it('keeps text a spreadsheet would run as a formula from being one', () => {
    expect(csvField('=HYPERLINK("http://x.example")')).toBe('"\'=HYPERLINK(""http://x.example"")"');
    expect(csvField('+31')).toBe("'+31");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-1)).toBe('-1');
  });

  it('writes numbers as they are and a missing figure as an empty field', () => {
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(null)).toBe('');
  });

  it('writes a header row, then one CRLF-terminated line per row', () => {
    expect(
      toCsv(
        ['municipality', 'points'],
        [
          ['Heerlen', 40],
          ['a,b', null],
        ],
      ),
    ).toBe('municipality,points\r\nHeerlen,40\r\n"a,b",\r\n');
  });

  it('reads back to the same text with a standard parser, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 }), {
          maxLength: 5,
        }),
        (rows) => {
          const parsed = parse(toCsv(['a', 'b'], rows), { relax_column_count: false });
          const guarded = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
          expect(parsed).toEqual([['a', 'b'], ...rows.map((row) => row.map(guarded))]);
        },
      ),
    );
  });
});
