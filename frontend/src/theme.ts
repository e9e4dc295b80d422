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
} as const;
