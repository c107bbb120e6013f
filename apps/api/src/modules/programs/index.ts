// The public surface of programs: what workshops and municipalities use.
export { findProgram, type ProgramRow } from './programs.data.js';
export { municipalityKind } from './programs.schemas.js';
