export * from './taxonomy.ts';
export * from './problems.ts';
export * from './phase-gate.ts';
export * from './accounts.ts';
export * from './processes.ts';
export * from './proposals.ts';
export * from './comments.ts';
export * from './rooms.ts';
