import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';

// `npx tsx scripts/make-icons.ts [DIR]`: draws the Teams app icons into DIR (default: manifest/).
//   color.png   192x192: a white shield with a blue check mark on the accent blue.
//   outline.png  32x32:  the same shield as a white outline with its check, on a transparent background.
// Shapes are tested per sample and averaged over a SUB x SUB grid in each pixel (anti-aliasing).

type Rgb = readonly [number, number, number];
/** Whether a point (in pixels, y down) is inside a shape. */
type Shape = (x: number, y: number) => boolean;

const ACCENT: Rgb = [0x0f, 0x6c, 0xbd];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUB = 8;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A heraldic shield in `box`: a top edge that dips a little in the middle, straight sides, a pointed base. */
function shield(box: Box): Shape {
  const cx = box.left + box.width / 2;
  const halfWidth = box.width / 2;
  const dip = box.height * 0.06;
  const shoulder = box.top + box.height * 0.45; // where the sides start to curve in
  const bottom = box.top + box.height;
  return (x, y) => {
    const u = (x - cx) / halfWidth; // -1..1 across
    if (Math.abs(u) > 1) return false;
    const topEdge = box.top + dip * Math.cos((u * Math.PI) / 2) ** 2;
    if (y < topEdge || y > bottom) return false;
    if (y <= shoulder) return true;
    const t = (y - shoulder) / (bottom - shoulder); // 0 at the shoulder, 1 at the point
    return Math.abs(u) <= Math.cos((t * Math.PI) / 2) ** 0.75;
  };
}

/** The shield `box` shrunk by `inset` pixels on every side (an approximation of an inward offset). */
function inset(box: Box, by: number): Box {
  return { left: box.left + by, top: box.top + by, width: box.width - 2 * by, height: box.height - 2.3 * by };
}

/** A stroke through `points` of the given width, with round joins and caps. */
function polyline(points: ReadonlyArray<readonly [number, number]>, width: number): Shape {
  const r2 = (width / 2) ** 2;
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1] as readonly [number, number];
      const [bx, by] = points[i] as readonly [number, number];
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      const px = ax + t * dx - x;
      const py = ay + t * dy - y;
      if (px * px + py * py <= r2) return true;
    }
    return false;
  };
}

/** The share (0..1) of a pixel's samples that fall inside `shape`. */
function coverage(shape: Shape, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SUB; i++)
    for (let j = 0; j < SUB; j++) if (shape(px + (i + 0.5) / SUB, py + (j + 0.5) / SUB)) hits++;
  return hits / (SUB * SUB);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** A check mark inside a shield box, in the same proportions at any size. */
function checkMark(box: Box, width: number): Shape {
  const at = (u: number, v: number): [number, number] => [box.left + u * box.width, box.top + v * box.height];
  return polyline([at(0.28, 0.47), at(0.44, 0.63), at(0.73, 0.32)], width);
}

export function colorIcon(size = 192): PNG {
  const png = new PNG({ width: size, height: size });
  const s = size / 192;
  const outer: Box = { left: 46 * s, top: 30 * s, width: 100 * s, height: 128 * s };
  const body = shield(outer);
  const check = checkMark(outer, 15 * s);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let rgb = mix(ACCENT, WHITE, coverage(body, x, y));
      rgb = mix(rgb, ACCENT, coverage(check, x, y));
      const i = (y * size + x) * 4;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = 255;
    }
  return png;
}

export function outlineIcon(size = 32): PNG {
  const png = new PNG({ width: size, height: size });
  const s = size / 32;
  const outer: Box = { left: 6 * s, top: 3 * s, width: 20 * s, height: 26 * s };
  const body = shield(outer);
  const hole = shield(inset(outer, 2 * s));
  const ring: Shape = (x, y) => body(x, y) && !hole(x, y);
  const check = checkMark(outer, 2.6 * s);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const alpha = Math.max(coverage(ring, x, y), coverage(check, x, y));
      const i = (y * size + x) * 4;
      // White everywhere; only the alpha carries the shape, as Teams requires of an outline icon.
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(alpha * 255);
    }
  return png;
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'manifest'));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, png] of [
    ['color.png', colorIcon()],
    ['outline.png', outlineIcon()],
  ] as const) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, PNG.sync.write(png));
    console.log(`${file}: ${png.width}x${png.height}`);
  }
}

if (require.main === module) main();
