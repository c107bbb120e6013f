export { type App, buildApp } from './app.js';
export { type Config, loadConfig } from './config.js';
export { closeDeps, createDeps, type Deps } from './deps.js';
