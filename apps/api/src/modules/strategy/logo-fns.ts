import { Resvg } from '@resvg/resvg-js';
import { unprocessable } from '../../lib/errors.js';

/** What an upload may weigh; the stored PNG is held to the same limit by the database. */
export const maxLogoBytes = 512 * 1024;
/** The stored logo fits this box (pixels): plenty for a 4 cm print, small enough for every version snapshot. */
const box = 600;
/** A PNG larger than this (pixels per side) is refused before it is decoded. */
const maxPngSide = 4096;

export const logoMediaTypes = ['image/png', 'image/svg+xml'] as const;
export type LogoMediaType = (typeof logoMediaTypes)[number];

export interface NormalisedLogo {
  png: Buffer;
  width: number;
  height: number;
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the bytes really are, whatever the Content-Type says. */
function sniff(bytes: Buffer): LogoMediaType | null {
  if (bytes.subarray(0, 8).equals(pngSignature)) return 'image/png';
  // An SVG starts with its root element, after an optional BOM, XML declaration, DOCTYPE and comments
  // (a DOCTYPE makes it an SVG that is then refused as unsafe).
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const rest = head.replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)*/i, '');
  return /^<svg[\s>]/.test(rest) ? 'image/svg+xml' : null;
}

/**
 * Why an SVG is refused: anything that could run code or fetch something when someone opens it,
 * and DTDs (entity expansion). Internal references (`#id`) stay allowed, so gradients and reused
 * shapes work. resvg loads no external resource anyway; the check keeps such files out of storage.
 */
function unsafeSvgParts(svg: string): string[] {
  const found: string[] = [];
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) found.push('a DOCTYPE or entity declaration');
  if (/<script\b/i.test(svg)) found.push('a script element');
  if (/<foreignObject\b/i.test(svg)) found.push('a foreignObject element');
  if (/\son[a-z]+\s*=/i.test(svg)) found.push('an event handler attribute');
  if (/@import/i.test(svg)) found.push('a CSS @import');
  for (const [, value] of svg.matchAll(/\bhref\s*=\s*["']\s*([^"']*)["']/gi)) {
    if (!value?.startsWith('#')) {
      found.push('a reference to an external resource');
      break;
    }
  }
  for (const [, value] of svg.matchAll(/url\(\s*["']?\s*([^)"']*)/gi)) {
    if (!value?.startsWith('#')) {
      found.push('a url() to an external resource');
      break;
    }
  }
  return found;
}

/** Renders with resvg: no system fonts, no files, no network; the longer side scaled to the box. */
function rasterise(svg: string, width: number, height: number): NormalisedLogo {
  const fitTo =
    width >= height
      ? ({ mode: 'width', value: Math.min(box, Math.max(1, Math.round(width))) } as const)
      : ({ mode: 'height', value: Math.min(box, Math.max(1, Math.round(height))) } as const);
  const image = new Resvg(svg, { fitTo, font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  // A file that draws nothing (or that resvg could not decode) is no logo.
  const pixels = image.pixels;
  let visible = false;
  for (let i = 3; i < pixels.length; i += 4) {
    if (pixels[i] !== 0) {
      visible = true;
      break;
    }
  }
  if (!visible) throw unreadable('The image is empty or could not be decoded.');
  const png = image.asPng();
  if (png.length > maxLogoBytes) {
    throw unprocessable('logo_too_large', `The logo is larger than ${maxLogoBytes / 1024} KiB as PNG.`);
  }
  return { png, width: image.width, height: image.height };
}

const unreadable = (detail: string) => unprocessable('logo_unreadable', detail);

/**
 * Checks an uploaded coat of arms or logo by its content and turns it into a clean PNG: an SVG is
 * refused when it holds scripts or external references and is otherwise rasterised; a PNG is decoded
 * and encoded again, which drops anything but its pixels. Throws a 422 problem, storing nothing.
 */
export function normaliseLogo(bytes: Buffer, declared: LogoMediaType): NormalisedLogo {
  const actual = sniff(bytes);
  if (actual === null) throw unreadable('The file is neither a PNG nor an SVG image.');
  if (actual !== declared) {
    throw unprocessable('logo_type_mismatch', `The file is ${actual}, but was sent as ${declared}.`);
  }
  if (actual === 'image/png') {
    // IHDR comes first and holds the size: refuse huge images before decoding them.
    if (bytes.length < 24 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') {
      throw unreadable('The PNG file is damaged.');
    }
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    if (width < 1 || height < 1 || width > maxPngSide || height > maxPngSide) {
      throw unprocessable('logo_too_large', `A PNG logo may be at most ${maxPngSide} pixels on each side.`);
    }
    const wrapper =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<image width="${width}" height="${height}" href="data:image/png;base64,${bytes.toString('base64')}"/></svg>`;
    return rasterise(wrapper, width, height);
  }
  let svg: string;
  try {
    svg = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('The SVG file is not UTF-8 text.');
  }
  const unsafe = unsafeSvgParts(svg);
  if (unsafe.length > 0) {
    throw unprocessable('logo_unsafe', `The SVG file contains ${unsafe.join(', ')}; upload a plain drawing.`);
  }
  let size: { width: number; height: number };
  try {
    const probe = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' });
    size = { width: probe.width, height: probe.height };
  } catch {
    throw unreadable('The SVG file could not be read.');
  }
  return rasterise(svg, size.width, size.height);
}
