export * from './matching.ts';
export * from './register.ts';
export * from './keys.ts';
