import type { Scheme } from './scheme';

export type SchemePublished = { type: 'SchemePublished'; data: Scheme };
export type SchemeEvent = SchemePublished;
