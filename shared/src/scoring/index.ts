export * from './types.ts';
export * from './validate.ts';
export * from './tally.ts';
export * from './describe.ts';
