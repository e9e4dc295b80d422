/**
 * Where a region's label goes. ECharts puts it at the centre of the region's bounding box
 * unless the feature has a `cp` property; for a crescent-shaped unit (荥阳市 around 上街区) that
 * centre lies in a neighbour and the two labels collide. The point of the largest ring farthest
 * from its edges (a grid search for the pole of inaccessibility) sits well inside every unit.
 * Pure, unit-tested.
 */

type Ring = number[][];

/** Signed area and centroid of a ring (shoelace). */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return { area: 0, x: ring[0]?.[0] ?? 0, y: ring[0]?.[1] ?? 0 };
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

/** Whether `p` lies inside `ring` (even-odd rule). */
export function insideRing(p: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from `p` to the nearest edge of `ring`. */
function edgeDistance(p: [number, number], ring: Ring): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j];
    const [bx, by] = ring[i];
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len));
    best = Math.min(best, Math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy)));
  }
  return best;
}

/** The inside point of `ring` farthest from its edges, to a fraction of its size. */
function pole(ring: Ring, start: [number, number]): [number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  let best = start;
  let bestD = insideRing(start, ring) ? edgeDistance(start, ring) : -1;
  let cx = (minX + maxX) / 2;
  let cy = (minY + maxY) / 2;
  let w = maxX - minX;
  let h = maxY - minY;
  // Coarse grid over the box, then finer grids around the best point so far.
  for (let pass = 0; pass < 3; pass++) {
    const n = 24;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const p: [number, number] = [cx - w / 2 + (w * i) / n, cy - h / 2 + (h * j) / n];
        if (!insideRing(p, ring)) continue;
        const d = edgeDistance(p, ring);
        if (d > bestD) {
          bestD = d;
          best = p;
        }
      }
    }
    [cx, cy] = best;
    w /= 6;
    h /= 6;
  }
  return best;
}

/** Label point of a Polygon or MultiPolygon geometry: the pole of its largest outer ring. */
export function labelPoint(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  const polygons: Ring[][] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Ring[]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as Ring[][])
        : [];
  let best: { area: number; x: number; y: number; ring: Ring } | null = null;
  for (const polygon of polygons) {
    const outer = polygon[0];
    if (!outer || outer.length < 3) continue;
    const c = ringCentroid(outer);
    if (!best || c.area > best.area) best = { ...c, ring: outer };
  }
  return best ? pole(best.ring, [best.x, best.y]) : null;
}

/** Minimal GeoJSON feature shape. */
interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

/** Sets `properties.cp` (ECharts' label centre) on every feature that has none. Mutates `features`. */
export function addLabelPoints(features: Feature[]): void {
  for (const feature of features) {
    if (!feature.geometry) continue;
    const props = (feature.properties ??= {});
    if (Array.isArray(props.cp)) continue;
    const point = labelPoint(feature.geometry);
    if (point) props.cp = point;
  }
}
