/**
 * Loads a GeoJSON map once per page and registers it with ECharts under its URL, so scene
 * rotations reuse it instead of fetching and registering it again.
 */
import { registerMap } from 'echarts/core';
import { addLabelPoints } from './labelPoint';

/** Default map: Zhengzhou's districts, served with the frontend. */
export const DEFAULT_MAP_URL = '/maps/zhengzhou-districts.geojson';
/** Credit the default map data requires (ODbL). */
export const DEFAULT_MAP_CREDIT = '© OpenStreetMap contributors';

/** A registered map. */
export interface LoadedMap {
  /** ECharts map name. */
  name: string;
  /** Width / height of the drawn map (ECharts' default aspectScale 0.75 replaced by {@link MAP_ASPECT_SCALE}). */
  aspect: number;
  /** Label point (lon/lat) of each feature, by the value of its property `key` (the area code). */
  labelPoints(key: string): Map<string, [number, number]>;
}

/** Vertical scale of lon/lat maps: cos(latitude) at Zhengzhou (34.7°N), so shapes are not squashed. */
export const MAP_ASPECT_SCALE = 0.82;

const loaded = new Map<string, Promise<LoadedMap>>();

/** Width / height of the features' lon/lat bounding box, times `aspectScale`. */
export function mapAspect(features: { geometry?: { coordinates: unknown } | null }[], aspectScale: number): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      minX = Math.min(minX, c[0]);
      maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]);
      maxY = Math.max(maxY, c[1]);
      return;
    }
    for (const inner of c) visit(inner);
  };
  for (const f of features) visit(f.geometry?.coordinates);
  const h = maxY - minY;
  return Number.isFinite(h) && h > 0 ? ((maxX - minX) / h) * aspectScale : 1;
}

/** Minimal shape check of a GeoJSON FeatureCollection. */
function isFeatureCollection(value: unknown): value is { type: 'FeatureCollection'; features: unknown[] } {
  const v = value as { type?: unknown; features?: unknown } | null;
  return !!v && v.type === 'FeatureCollection' && Array.isArray(v.features);
}

/**
 * Resolves to the registered map of the GeoJSON at `url`. A failed load is forgotten, so the
 * next visit of the map scene tries again.
 */
export function loadMap(url: string): Promise<LoadedMap> {
  let pending = loaded.get(url);
  if (!pending) {
    pending = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`map ${url}: HTTP ${res.status}`);
      const json: unknown = await res.json();
      if (!isFeatureCollection(json)) throw new Error(`map ${url}: not a GeoJSON FeatureCollection`);
      addLabelPoints(json.features as Parameters<typeof addLabelPoints>[0]);
      const name = `wall-map:${url}`;
      registerMap(name, json as unknown as Parameters<typeof registerMap>[1]);
      const props = (json.features as { properties?: Record<string, unknown> | null }[]).map((f) => f.properties ?? {});
      const labelPoints = (key: string): Map<string, [number, number]> => {
        const points = new Map<string, [number, number]>();
        for (const p of props) {
          const cp = p.cp;
          if (Array.isArray(cp) && typeof cp[0] === 'number' && typeof cp[1] === 'number')
            points.set(String(p[key]), [cp[0], cp[1]]);
        }
        return points;
      };
      return {
        name,
        aspect: mapAspect(json.features as Parameters<typeof mapAspect>[0], MAP_ASPECT_SCALE),
        labelPoints,
      };
    })();
    pending.catch(() => loaded.delete(url));
    loaded.set(url, pending);
  }
  return pending;
}
