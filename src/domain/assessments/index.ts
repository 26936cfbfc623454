export * from './kinds.ts';
export * from './lifecycle.ts';
export * from './related-children.ts';
