export * from './documents.js';
export * from './enums.js';
export * from './municipalities.js';
export * from './platform.js';
export * from './programs.js';
export * from './strategy.js';
export * from './users.js';
