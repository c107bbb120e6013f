export {
  type SeededProgram,
  type SeededVersion,
  type SeedVersionOptions,
  seedDocument,
  seedProgram,
  seedStrategyVersion,
} from './strategy-version.js';
