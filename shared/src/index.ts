export * from './taxonomy.ts';
export * from './problems.ts';
export * from './phase-gate.ts';
export * from './accounts.ts';
export * from './processes.ts';
