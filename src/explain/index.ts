export * from './explain.js';
export * from './policy-view.js';
