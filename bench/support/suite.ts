import type { BenchOptions } from './args';

/** A group of measurements with its own report; `npm run bench -- <name>` runs one alone. */
export interface Suite {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<void>;
}
