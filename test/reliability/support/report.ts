/*
 * Figures: each campaign prints one table line per database and figure, and appends it to
 * test/output/reliability/results.jsonl, from which the secrets campaign prints the whole
 * table at the end of a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../../support/backend';
import { short } from './sizes';

export interface Figure {
  campaign: string;
  db: string;
  measure: string;
  figure: string | number;
  goal: string;
  pass: boolean;
}

export const resultsFile = path.join(
  root,
  'test/output/reliability/results.jsonl',
);

export function report(figure: Figure): Figure {
  const line = `| ${figure.campaign} | ${figure.db} | ${figure.measure} | ${figure.figure} | ${figure.goal} | ${figure.pass ? 'PASS' : 'FAIL'} |`;
  console.log(line);
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.appendFileSync(
    resultsFile,
    `${JSON.stringify({ ...figure, short, at: new Date().toISOString() })}\n`,
  );
  return figure;
}

/** Reports a count whose goal is zero. */
export function zero(
  campaign: string,
  db: string,
  measure: string,
  n: number,
  detail = '',
): Figure {
  return report({
    campaign,
    db,
    measure,
    figure: `${n}${detail ? ` (${detail})` : ''}`,
    goal: '0',
    pass: n === 0,
  });
}

export function readResults(): Array<Figure & { short: boolean; at: string }> {
  if (!fs.existsSync(resultsFile)) return [];
  return fs
    .readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l));
}

/** The figures that missed their goal, for one assertion message at the end of a campaign. */
export function failures(figures: Figure[]): string {
  return figures
    .filter(f => !f.pass)
    .map(
      f =>
        `${f.campaign} on ${f.db}: ${f.measure} = ${f.figure} (goal ${f.goal})`,
    )
    .join('\n');
}
