export * from './enums.js';
export * from './municipalities.js';
export * from './platform.js';
export * from './programs.js';
export * from './strategy.js';
export * from './users.js';
export * from './workshop-applications.js';
export * from './workshops.js';
