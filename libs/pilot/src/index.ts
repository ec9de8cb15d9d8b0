// Pilot data: a deterministic generator of realistic histories and what-if replays over them.
export { Prng, Weighted } from './generator/prng';
export { MUNICIPALITIES, SECTORS } from './generator/vocabulary';
export {
  simulateLedger,
  type LedgerWriter,
  type SimulationSettings,
  type SimulationStats,
} from './generator/simulation';
export {
  REGISTER_PROFILE,
  type ObjectionHabits,
  type SimulationProfile,
  type Workplace,
} from './generator/simulation-profile';
export { StoreWriter } from './generator/store-writer';
export {
  MAASTRICHT,
  MAASTRICHT_BROAD_PLAN,
  MAASTRICHT_COHORT,
  PILOT_DEFAULTS,
  PILOT_FIRST_YEAR,
  PILOT_LAST_YEAR,
  PILOT_MIN_PROFESSIONALS,
  PILOT_MUNICIPALITIES,
  pilotProfile,
  type PilotSettings,
} from './generator/pilot-profile';
export { writePilotFile, type PilotProgress } from './generator/pilot-file';
export { AlternativeSchemeError, parseAlternativeScheme } from './what-if/alternative-scheme';
export { WhatIfReplay, replayWhatIf } from './what-if/what-if-replay';
export type { MunicipalityFigures, WhatIfFigures, WhatIfReport } from './what-if/what-if-report';
export { formatWhatIfReport } from './what-if/what-if-table';
