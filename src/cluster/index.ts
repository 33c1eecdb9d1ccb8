export * from './labels.js';
export * from './label-filter.js';
export * from './selector.js';
export * from './source.js';
export * from './diagnostics.js';
export * from './resources.js';
export * from './identity.js';
export * from './cluster.js';
