export * from './matching.ts';
export * from './register.ts';
