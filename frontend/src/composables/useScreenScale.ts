/**
 * Fits a fixed design canvas into the window, keeping its aspect ratio and centring it. A wall
 * much wider than 16:9 (32:9 and spliced walls) gets a wide canvas of the same height instead,
 * as wide as the screen's aspect, so its layout spreads out rather than being letterboxed or
 * stretched. The only window-size listener of the app; it also provides the scale to charts,
 * which draw at the scaled resolution so text stays crisp at every size.
 */
import {
  computed,
  inject,
  onScopeDispose,
  provide,
  readonly,
  ref,
  type ComputedRef,
  type InjectionKey,
  type Ref,
} from 'vue';

/** Where and how large the canvas is drawn. */
export interface CanvasFit {
  /** Factor applied to the design size. */
  scale: number;
  /** Left margin, in viewport px. */
  offsetX: number;
  /** Top margin, in viewport px. */
  offsetY: number;
}

/** Layout family of the canvas. */
export type CanvasLayout = 'standard' | 'wide';

/** The design canvas chosen for a screen. */
export interface DesignCanvas {
  width: number;
  height: number;
  layout: CanvasLayout;
}

/** Screens at least this much wider than tall get the wide layout (32:9 is 3.56; 21:9 is not). */
export const WIDE_ASPECT = 2.6;

/** The largest uniform scale of `design` that fits `viewport`, centred. */
export function fitCanvas(
  viewport: { width: number; height: number },
  design: { width: number; height: number },
): CanvasFit {
  const raw = Math.min(viewport.width / design.width, viewport.height / design.height);
  const scale = Number.isFinite(raw) && raw > 0 ? raw : 1;
  return {
    scale,
    offsetX: Math.max(0, (viewport.width - design.width * scale) / 2),
    offsetY: Math.max(0, (viewport.height - design.height * scale) / 2),
  };
}

/**
 * The design canvas for `viewport`: `base` (16:9) for ordinary screens; for screens of aspect
 * ≥ `wideAspect`, a canvas of the base height and the screen's aspect (wide layout).
 */
export function designCanvas(
  viewport: { width: number; height: number },
  base: { width: number; height: number },
  wideAspect = WIDE_ASPECT,
): DesignCanvas {
  const aspect = viewport.height > 0 ? viewport.width / viewport.height : 0;
  if (!Number.isFinite(aspect) || aspect < wideAspect) return { ...base, layout: 'standard' };
  return { width: Math.round(base.height * aspect), height: base.height, layout: 'wide' };
}

/** Options of {@link useScreenScale}. */
export interface UseScreenScaleOptions {
  /**
   * Design width of the standard layout, px.
   * @default 1920
   */
  width?: number;
  /**
   * Design height, px.
   * @default 1080
   */
  height?: number;
  /**
   * Offer the wide layout to screens of aspect ≥ {@link WIDE_ASPECT}.
   * @default false
   */
  wide?: boolean;
}

/** What {@link useScreenScale} returns. */
export interface UseScreenScaleReturn {
  /** Current fit of the canvas. */
  fit: Readonly<Ref<CanvasFit>>;
  /** Current design canvas. */
  design: Readonly<Ref<DesignCanvas>>;
  /** Inline style of the canvas element. */
  canvasStyle: ComputedRef<Record<string, string>>;
}

/** Injection key of the canvas scale (for charts drawing at the scaled resolution). */
export const CANVAS_SCALE_KEY: InjectionKey<Readonly<Ref<number>>> = Symbol('canvas-scale');

/** The canvas scale provided by an ancestor's {@link useScreenScale}; 1 without one. */
export function injectCanvasScale(): Readonly<Ref<number>> {
  return inject(CANVAS_SCALE_KEY, ref(1));
}

/** Scales the design canvas to the window for as long as the calling scope lives. */
export function useScreenScale(options: UseScreenScaleOptions = {}): UseScreenScaleReturn {
  const { width = 1920, height = 1080, wide = false } = options;
  const base = { width, height };
  const measure = (): { design: DesignCanvas; fit: CanvasFit } => {
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const d = wide ? designCanvas(viewport, base) : { ...base, layout: 'standard' as const };
    return { design: d, fit: fitCanvas(viewport, d) };
  };
  const first = measure();
  const design = ref<DesignCanvas>(first.design);
  const fit = ref<CanvasFit>(first.fit);

  let frame = 0;
  const onResize = (): void => {
    // One update per frame, however many resize events the window fires.
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const next = measure();
      design.value = next.design;
      fit.value = next.fit;
    });
  };
  window.addEventListener('resize', onResize);
  onScopeDispose(() => {
    window.removeEventListener('resize', onResize);
    if (frame) cancelAnimationFrame(frame);
  });

  provide(
    CANVAS_SCALE_KEY,
    computed(() => fit.value.scale),
  );

  const canvasStyle = computed(() => ({
    width: `${design.value.width}px`,
    height: `${design.value.height}px`,
    transform: `translate(${fit.value.offsetX}px, ${fit.value.offsetY}px) scale(${fit.value.scale})`,
    transformOrigin: '0 0',
  }));

  return { fit: readonly(fit), design: readonly(design), canvasStyle };
}
