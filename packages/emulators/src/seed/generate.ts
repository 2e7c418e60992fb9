import { seededRandom } from './random';
import { defaultJiraWorkflow, emptySeed } from './demo';
import type { LastLogin, Seed, SeedGroup, SeedPerson } from './types';

export interface GenerateSeedOptions {
  /** Number of people. */
  users: number;
  /** Number of groups, created with the same names in Okta and in Entra. */
  groups: number;
  /** Average number of members per group; default a tenth of the users (at least 1). */
  membersPerGroup?: number;
  /** Share of people who never signed in; default 0.03. */
  neverLoggedIn?: number;
  /** Seed of the pseudo-random generator; the same value gives the same company. Default 1. */
  randomSeed?: number;
  /** Email domain; default `example.com`. */
  domain?: string;
}

const FIRST_NAMES = [
  'Alex',
  'Bea',
  'Carlos',
  'Dana',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jamal',
  'Kira',
  'Luis',
  'Mina',
  'Nils',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Adams',
  'Bauer',
  'Chen',
  'Diaz',
  'Eriksen',
  'Fofana',
  'Garcia',
  'Horvat',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Oliveira',
  'Petrov',
  'Quist',
  'Rahman',
  'Silva',
  'Thompson',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmer',
];
const DEPARTMENTS: Array<[string, string[]]> = [
  [
    'Engineering',
    ['Software Engineer', 'Senior Software Engineer', 'QA Engineer'],
  ],
  ['Platform', ['Platform Engineer', 'Site Reliability Engineer']],
  ['Revenue Operations', ['Sales Operations Analyst', 'Account Executive']],
  ['Security', ['Security Analyst', 'Security Engineer']],
  ['Finance', ['Accountant', 'Financial Analyst']],
  ['People', ['Recruiter', 'People Partner']],
];

/**
 * Last sign-in spread seen in a typical workforce directory: most people within
 * the last week, a tail of dormant accounts, a few that never signed in.
 */
function lastLoginFor(random: () => number, neverShare: number): LastLogin {
  const r = random();
  if (r < neverShare) return null;
  const bands: Array<[number, number, number]> = [
    [0.7, 0, 7],
    [0.85, 7, 30],
    [0.95, 30, 90],
    [1, 90, 365],
  ];
  const u = (r - neverShare) / (1 - neverShare);
  const [, min, max] =
    bands.find(([upTo]) => u < upTo) ?? bands[bands.length - 1];
  return { daysAgo: min + random() * (max - min) };
}

/** Generates a company of `users` people and `groups` groups, for benchmarks. */
export function generateSeed(options: GenerateSeedOptions): Seed {
  const random = seededRandom(options.randomSeed ?? 1);
  const domain = options.domain ?? 'example.com';
  const neverShare = options.neverLoggedIn ?? 0.03;
  const people: SeedPerson[] = [];
  const heads = new Map<string, string>();

  for (let i = 0; i < options.users; i++) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length];
    const lastName =
      LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length];
    const [department, titles] = DEPARTMENTS[i % DEPARTMENTS.length];
    const email = `${firstName}.${lastName}.${i}@${domain}`.toLowerCase();
    const head = heads.get(department);
    if (!head) heads.set(department, email);
    people.push({
      email,
      firstName,
      lastName,
      department,
      title: head
        ? titles[Math.floor(random() * titles.length)]
        : `Head of ${department}`,
      manager: head,
      lastLogin: lastLoginFor(random, neverShare),
    });
  }

  const average =
    options.membersPerGroup ?? Math.max(1, Math.round(options.users / 10));
  const groups: SeedGroup[] = [];
  for (let g = 0; g < options.groups; g++) {
    const size = Math.min(
      people.length,
      Math.round(average * (0.5 + random())),
    );
    const members = new Set<string>();
    while (members.size < size) {
      members.add(people[Math.floor(random() * people.length)].email);
    }
    groups.push({
      name: `App-${String(g + 1).padStart(4, '0')}-Users`,
      members: [...members],
    });
  }

  return {
    people,
    okta: { ...emptySeed.okta, groups },
    entra: { ...emptySeed.entra!, groups },
    jira: { ...emptySeed.jira!, workflow: defaultJiraWorkflow },
  };
}
