import { createColours, stripColours } from './colour';
import { table } from './table';

describe('table', () => {
  const rows = [
    {
      name: 'Priya Shah',
      why: 'Pipeline report for the quarterly review of the sales team',
    },
    { name: 'Omar', why: 'Audit' },
  ];
  const columns = [
    { title: 'Name', value: (r: (typeof rows)[0]) => r.name },
    { title: 'Why', value: (r: (typeof rows)[0]) => r.why, maxWidth: 20 },
  ];

  it('aligns columns under a header and cuts long values', () => {
    expect(table(rows, columns, createColours(false))).toBe(
      'NAME        WHY\n' +
        'Priya Shah  Pipeline report for…\n' +
        'Omar        Audit',
    );
  });

  it('aligns by what the terminal shows when cells are coloured', () => {
    const c = createColours(true);
    const coloured = table(
      rows,
      [{ ...columns[0], value: r => c.bold(r.name) }, columns[1]],
      c,
    );
    expect(coloured).toContain('\u001b[1mPriya Shah\u001b[22m');
    const plain = stripColours(coloured);
    expect(plain).toBe(table(rows, columns, createColours(false)));
  });
});
