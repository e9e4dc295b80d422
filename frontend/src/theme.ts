/**
 * Colours of the wall, shared by CSS (as custom properties set in App.vue) and chart options.
 */
export const WALL_COLORS = {
  /** Page background. */
  background: '#050d1f',
  /** Panel background. */
  panel: 'rgba(12, 36, 74, 0.55)',
  /** Panel border. */
  border: 'rgba(64, 158, 255, 0.35)',
  /** Body text. */
  text: '#d6e6ff',
  /** Secondary text and axis labels. */
  muted: '#7f9cc7',
  /** Axis and split lines. */
  grid: 'rgba(127, 156, 199, 0.2)',
  /** Primary highlight (reported, titles). */
  accent: '#39b6ff',
  /** Good news (resolved, connected). */
  good: '#2fd8a0',
  /** Needs attention (in progress). */
  warn: '#ffc34d',
  /** Alarm (overdue, disconnected). */
  alarm: '#ff4d5e',
  /** Bright text (figures, titles). */
  bright: '#ffffff',
  /** Secondary series (second line, rings). */
  cyan: '#00e4ff',
  /** Third series. */
  violet: '#8d7bff',
} as const;

/** Palette of categorical series (categories), in CATEGORIES order. */
export const SERIES_PALETTE = [
  '#39b6ff',
  '#2fd8a0',
  '#ffc34d',
  '#ff7a45',
  '#ff4d5e',
  '#8d7bff',
  '#00e4ff',
  '#5b8ff9',
] as const;

/** CSS font stack of the wall: the CJK fonts of every platform a wall may run on. */
export const WALL_FONT =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif";

/** Font of figures: tabular digits that do not jitter as they change. */
export const FIGURE_FONT = "'DIN Alternate', 'Bahnschrift', 'Roboto Condensed', 'DejaVu Sans', " + WALL_FONT;

/**
 * The frame of a wall chart with a legend (top right), to spread into its option: transparent
 * over the panel, wall text, a short update animation.
 */
export function legendChartFrame(legendItem: { itemWidth: number; itemHeight: number }) {
  const textStyle = { color: WALL_COLORS.text, fontSize: 16 };
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 300,
    textStyle,
    legend: { top: 0, right: 8, ...legendItem, textStyle },
  };
}

/** The two series of a reported-versus-resolved chart: name, colour and the field each plots. */
export const FLOW_SERIES = [
  { name: '上报', color: WALL_COLORS.accent, key: 'reported' },
  { name: '办结', color: WALL_COLORS.good, key: 'resolved' },
] as const;
