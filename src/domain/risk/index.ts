// Public API of the risk domain: indicator catalogue, category suggestion, age rules, trafficking flag.
export * from './catalogue.ts';
export * from './suggest.ts';
export * from './age-rules.ts';
