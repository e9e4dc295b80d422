/** The part of a chart series the option specs read. */
export interface SeriesData {
  name: string;
  type: string;
  data: number[];
}

/** The option's series, typed for reading in a spec. */
export const seriesOf = (option: { series?: unknown }): SeriesData[] => option.series as SeriesData[];
