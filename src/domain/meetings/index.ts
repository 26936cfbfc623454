export * from './rules.ts';
export * from './invitees.ts';
export * from './section47.ts';
export * from './lifecycle.ts';
