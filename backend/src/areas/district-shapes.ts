import shapes from './seed/zhengzhou-districts.json';

/** A point in WGS84 degrees. */
export interface LngLat {
  lng: number;
  lat: number;
}

type Ring = [number, number][];

/** A district's outline (outer rings with holes) and its bounding box. */
interface Outline {
  polygons: Ring[][];
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
}

/**
 * Seats of the county-level units with no outline in the shipped map (the development zones
 * overlap the districts): their management committees, approximately (WGS84), and the radius
 * their cases are expected within.
 */
export const ZONE_SEATS: Record<string, LngLat & { radiusKm: number }> = {
  /** 郑州经济技术开发区 */
  '410171': { lng: 113.735, lat: 34.718, radiusKm: 8 },
  /** 郑州高新技术产业开发区 */
  '410172': { lng: 113.56, lat: 34.815, radiusKm: 8 },
  /** 郑州航空港经济综合实验区 */
  '410173': { lng: 113.84, lat: 34.53, radiusKm: 12 },
};

const KM_PER_DEGREE_LAT = 111.32;

/** Even-odd ray casting over one ring. */
function inRing(p: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceKm(a: LngLat, b: LngLat): number {
  const dy = (a.lat - b.lat) * KM_PER_DEGREE_LAT;
  const dx = (a.lng - b.lng) * KM_PER_DEGREE_LAT * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  return Math.hypot(dx, dy);
}

/**
 * Where the county-level units lie: the outlines of the shipped Zhengzhou map (ODbL, ©
 * OpenStreetMap contributors; the same file the wall draws) and the seats of the zones without
 * one. Used to place simulated cases in their own district and to flag a reported location that
 * lies outside its case's district.
 */
export class DistrictShapes {
  private readonly outlines = new Map<string, Outline>();

  constructor(
    geojson: {
      features: { properties: { adcode: string }; geometry: { type: string; coordinates: unknown } }[];
    } = shapes as never,
  ) {
    for (const f of geojson.features) {
      const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      const all = polygons.flatMap((p) => p[0]);
      this.outlines.set(f.properties.adcode, {
        polygons,
        minLng: Math.min(...all.map((c) => c[0])),
        maxLng: Math.max(...all.map((c) => c[0])),
        minLat: Math.min(...all.map((c) => c[1])),
        maxLat: Math.max(...all.map((c) => c[1])),
      });
    }
  }

  /** Whether a district has an outline or a seat (so its cases can be placed and checked). */
  knows(district: string): boolean {
    return this.outlines.has(district) || district in ZONE_SEATS;
  }

  /**
   * Whether a point lies in a district: inside its outline, or within the radius of a zone's seat;
   * null when the district has neither.
   */
  contains(district: string, p: LngLat): boolean | null {
    const o = this.outlines.get(district);
    if (o) {
      if (p.lng < o.minLng || p.lng > o.maxLng || p.lat < o.minLat || p.lat > o.maxLat) return false;
      return o.polygons.some((poly) => inRing(p, poly[0]) && !poly.slice(1).some((hole) => inRing(p, hole)));
    }
    const seat = ZONE_SEATS[district];
    return seat ? distanceKm(p, seat) <= seat.radiusKm : null;
  }

  /** A random point in a district (`random()` in [0, 1)), rounded to 6 decimals; null when unknown. */
  randomPoint(district: string, random: () => number): LngLat | null {
    const round = (p: LngLat) => ({ lng: Math.round(p.lng * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 });
    const o = this.outlines.get(district);
    if (o) {
      for (let i = 0; i < 1000; i++) {
        const p = round({
          lng: o.minLng + random() * (o.maxLng - o.minLng),
          lat: o.minLat + random() * (o.maxLat - o.minLat),
        });
        if (this.contains(district, p)) return p;
      }
      return null;
    }
    const seat = ZONE_SEATS[district];
    if (!seat) return null;
    // Uniform in the disc around the seat.
    const r = (seat.radiusKm * Math.sqrt(random())) / KM_PER_DEGREE_LAT;
    const a = 2 * Math.PI * random();
    return round({
      lng: seat.lng + (r * Math.cos(a)) / Math.cos((seat.lat * Math.PI) / 180),
      lat: seat.lat + r * Math.sin(a),
    });
  }
}
