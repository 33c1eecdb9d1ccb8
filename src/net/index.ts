export * from './ip.js';
export * from './protocol.js';
export * from './port-range.js';
