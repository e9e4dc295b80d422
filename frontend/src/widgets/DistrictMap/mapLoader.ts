/**
 * Loads a GeoJSON map once per page and registers it with ECharts under its URL, so scene
 * rotations reuse it instead of fetching and registering it again.
 */
import { registerMap } from 'echarts/core';

const loaded = new Map<string, Promise<string>>();

/** Minimal shape check of a GeoJSON FeatureCollection. */
function isFeatureCollection(value: unknown): value is { type: 'FeatureCollection'; features: unknown[] } {
  const v = value as { type?: unknown; features?: unknown } | null;
  return !!v && v.type === 'FeatureCollection' && Array.isArray(v.features);
}

/**
 * Resolves to the ECharts map name of the GeoJSON at `url`. A failed load is forgotten, so the
 * next visit of the map scene tries again.
 */
export function loadMap(url: string): Promise<string> {
  let pending = loaded.get(url);
  if (!pending) {
    pending = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`map ${url}: HTTP ${res.status}`);
      const json: unknown = await res.json();
      if (!isFeatureCollection(json)) throw new Error(`map ${url}: not a GeoJSON FeatureCollection`);
      const name = `wall-map:${url}`;
      registerMap(name, json as unknown as Parameters<typeof registerMap>[1]);
      return name;
    })();
    pending.catch(() => loaded.delete(url));
    loaded.set(url, pending);
  }
  return pending;
}
