export * from './engine.js';
export * from './verdict.js';
export * from './map-state.js';
export * from './resolve.js';
export * from './l4-filter.js';
export * from './repository.js';
export * from './selector-cache.js';
export * from './ipcache.js';
export * from './fqdn-cache.js';
export * from './l7.js';
export * from './auth.js';

export * from './envoy.js';
