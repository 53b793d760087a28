export * from './mock/index.js';
