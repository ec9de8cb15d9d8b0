import { BVK_2016, type Scheme, type Sector } from '@vakregister/certification';
import { Weighted } from './prng';
import type { ContestableDecision } from './simulation-profile';

/**
 * Municipalities weighted roughly by size, so that a municipality filter is sometimes broad
 * (Amsterdam) and sometimes selective (Den Helder): the selective ones are the slow queries.
 */
export const MUNICIPALITIES = new Weighted<string>([
  ['Amsterdam', 80],
  ['Rotterdam', 60],
  ['Den Haag', 50],
  ['Utrecht', 40],
  ['Eindhoven', 25],
  ['Groningen', 25],
  ['Tilburg', 20],
  ['Almere', 20],
  ['Breda', 18],
  ['Nijmegen', 18],
  ['Apeldoorn', 15],
  ['Arnhem', 15],
  ['Haarlem', 15],
  ['Enschede', 15],
  ['Amersfoort', 15],
  ['Zaanstad', 15],
  ["'s-Hertogenbosch", 15],
  ['Zwolle', 13],
  ['Leiden', 12],
  ['Maastricht', 12],
  ['Dordrecht', 12],
  ['Zoetermeer', 12],
  ['Ede', 10],
  ['Deventer', 10],
  ['Delft', 10],
  ['Heerlen', 9],
  ['Alkmaar', 9],
  ['Leeuwarden', 9],
  ['Emmen', 8],
  ['Venlo', 8],
  ['Helmond', 8],
  ['Hilversum', 8],
  ['Oss', 7],
  ['Sittard-Geleen', 7],
  ['Roosendaal', 6],
  ['Purmerend', 6],
  ['Schiedam', 6],
  ['Lelystad', 6],
  ['Vlaardingen', 5],
  ['Den Helder', 4],
]);

export const SECTORS = new Weighted<Sector>([
  ['werk', 45],
  ['inkomen', 35],
  ['zorg', 20],
]);

export const FIRST_NAMES = [
  'Anouk',
  'Bram',
  'Chantal',
  'Daan',
  'Esra',
  'Fleur',
  'Gerrit',
  'Hanneke',
  'Ilse',
  'Jeroen',
  'Karin',
  'Lars',
  'Marieke',
  'Niels',
  'Olga',
  'Pieter',
  'Ria',
  'Sander',
  'Tamara',
  'Umut',
  'Vera',
  'Wouter',
  'Yasmina',
  'Zoë',
  'Mohamed',
  'Fatima',
  'Priya',
  'Jan',
  'Sanne',
  'Koen',
  'Lotte',
  'Thijs',
  'Nadia',
  'Ruben',
  'Eline',
  'Mehmet',
  'Sevda',
  'Joost',
  'Inge',
  'Tom',
];
export const LAST_NAMES = [
  'de Vries',
  'Jansen',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
  'van Dijk',
  'Yılmaz',
  'El Amrani',
  'Kaya',
  'Öztürk',
  'Boukhari',
  'Ramdin',
  'Tjon',
  'Nguyen',
  'Kowalski',
  'van Beek',
  'Hoekstra',
  "d'Hondt",
  'Schouten',
];
export const MAIL_DOMAINS = [
  'gemeente.nl',
  'sociaaldomein.nl',
  'werkbedrijf.nl',
  'kpnmail.nl',
  'ziggo.nl',
];

/** A plausible address for a name: ASCII, no spaces, apostrophes or diacritics. */
export function emailOf(name: string, domain: string, serial: number): string {
  const local = name
    .normalize('NFD')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z ]/g, '')
    .toLowerCase()
    .replace(/ +/g, '.');
  return `${local}${serial}@${domain}`;
}

export const DIPLOMA_FIELDS = ['SJD', 'MWD', 'Bestuurskunde', 'HRM', 'Rechten', 'Sociologie'];

/** Activity categories with how often they are logged and the hours one usually takes. */
export const CATEGORIES = new Weighted<{ id: string; hours: number[]; titles: string[] }>([
  [
    {
      id: 'scholing',
      hours: [2, 3, 4, 6, 7.5, 8, 8, 12, 16, 24],
      titles: [
        'Training motiverende gespreksvoering',
        'Cursus Participatiewet actueel',
        'Masterclass schuldhulpverlening',
        'Training omgaan met agressie',
        'Cursus Wet inburgering 2021',
        'E-learning AVG in het sociaal domein',
        'Leergang integrale dienstverlening',
        'Congres Divosa',
      ],
    },
    40,
  ],
  [
    {
      id: 'reflectie',
      hours: [2, 2, 2.5, 3, 3, 4, 4, 6],
      titles: [
        'Intervisie casuïstiek',
        'Supervisie',
        'Moreel beraad',
        'Collegiale consultatie',
        'Intervisie methodisch werken',
      ],
    },
    47,
  ],
  [
    {
      id: 'vrije-ruimte',
      hours: [1, 2, 3, 4, 6, 8],
      titles: [
        'Vakliteratuur bijgehouden',
        'Meeloopdag werkgeversservicepunt',
        'Webinar armoedebeleid',
        'Bijdrage aan werkgroep',
      ],
    },
    13,
  ],
]);

export const PROVIDERS = [
  'Divosa Academie',
  'Schouten & Nelissen',
  'NCOI',
  'Hogeschool Utrecht',
  'Intervisiegroep regio',
  'Movisie',
  'Sociaal Werk Nederland',
];

export const REJECTION_REASONS = [
  'certificate of attendance missing',
  'the activity does not relate to the work of a klantmanager',
  'hours not supported by the programme',
  'completed before the qualifying period',
];

export const SUSPENSION_REASONS = [
  'complaint under investigation',
  'breach of the professional code (confidentiality)',
  'conduct under review by the disciplinary committee',
];

export const REVOCATION_REASONS = [
  'fraud with evidence of activities',
  'serious breach of the professional code',
  'disciplinary ruling',
];

/** What professionals write when they object, by the decision they contest. */
export const OBJECTION_GROUNDS: Record<ContestableDecision, readonly string[]> = {
  AdmissionRefused: [
    'My EVC statement was not taken into account.',
    'My years at the UWV count as experience as a klantmanager.',
    'The institution has since confirmed my diploma.',
  ],
  CertificationRefused: [
    'The rejected training was accredited; the certificate of attendance is attached.',
    'Two intervision sessions were rejected although the hours are on the programme.',
    'The decision overlooks activities completed within the cycle.',
  ],
  CertificateSuspended: [
    'The complaint concerns a decision of my team, not my conduct.',
    'A suspension is out of proportion to what happened.',
  ],
  CertificateRevoked: [
    'The evidence was mixed up with that of a colleague.',
    'Revocation is out of proportion; a suspension would have sufficed.',
  ],
};

export const OBJECTION_UPHELD_REASONS = [
  'the grounds are well founded',
  'the decision did not weigh all the evidence',
];

export const OBJECTION_REJECTED_REASONS = [
  'no new facts or circumstances',
  'the decision follows the rules of the scheme',
  'the grounds do not affect the outcome',
];

export const OBJECTION_EXTENSION_REASONS = [
  'a hearing is needed',
  'the advisory committee asked for further documents',
];

export const WITHDRAWAL_REASONS = [
  'changed jobs',
  'retired',
  'moved abroad',
  'no longer works as klantmanager',
];

/** A later scheme version: one more competency and shorter single activities. */
export const BVK_2024: Scheme = {
  ...BVK_2016,
  schemeId: 'bvk-2024',
  effectiveFrom: '2024-01-01',
  competencies: [
    ...BVK_2016.competencies,
    { id: 'digitale-dienstverlening', name: 'Digitale dienstverlening' },
  ],
  maxHoursPerActivity: 32,
};
