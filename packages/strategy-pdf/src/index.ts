export { type FontStyle, fontStyles, fonts } from './fonts.js';
export * from './format.js';
export * from './model.js';
export { type RenderedPdf, type RenderOptions, renderStrategyPdf } from './render.js';
