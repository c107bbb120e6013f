export * from './databases.js';
export * from './services.js';
