/**
 * Short names of the county-level units whose official names do not fit a wall's columns (the
 * development zones), as the city itself says them. Pure.
 */

/** Official name → the short name people use. */
export const SHORT_AREA_NAMES: Readonly<Record<string, string>> = {
  郑州经济技术开发区: '经开区',
  郑州高新技术产业开发区: '高新区',
  郑州航空港经济综合实验区: '航空港区',
};

/** The short name of an area (the development zones), else the name as it is. */
export function shortAreaName(name: string): string {
  return SHORT_AREA_NAMES[name] ?? name;
}
