import { toCsv } from './csv';

describe('toCsv', () => {
  const columns = [
    { header: 'name', value: (row: { name: string; cents: number | null }) => row.name },
    { header: 'cents', value: (row: { name: string; cents: number | null }) => row.cents },
  ];

  it('writes a header and one CRLF-ended line per row', () => {
    expect(toCsv([{ name: 'Milk', cents: 250 }], columns)).toBe('name,cents\r\nMilk,250\r\n');
  });

  it('quotes cells with commas, quotes or line breaks, and doubles quotes', () => {
    expect(toCsv([{ name: 'Eggs, free "range"\nx12', cents: 1 }], columns)).toBe('name,cents\r\n"Eggs, free ""range""\nx12",1\r\n');
  });

  it('keeps a spreadsheet from running a text cell as a formula, but leaves negative numbers alone', () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', cents: -40 }], columns)).toBe(`name,cents\r\n"'=HYPERLINK(""x"")",-40\r\n`);
  });

  it('leaves missing values empty', () => {
    expect(toCsv([{ name: 'Bread', cents: null }], columns)).toBe('name,cents\r\nBread,\r\n');
  });
});
