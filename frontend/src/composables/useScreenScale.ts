/**
 * Fits a fixed design canvas (1920×1080 by default) into the window, keeping its aspect ratio
 * and centring it. The only window-size listener of the app.
 */
import { computed, onScopeDispose, readonly, ref, type ComputedRef, type Ref } from 'vue';

/** Where and how large the canvas is drawn. */
export interface CanvasFit {
  /** Factor applied to the design size. */
  scale: number;
  /** Left margin, in viewport px. */
  offsetX: number;
  /** Top margin, in viewport px. */
  offsetY: number;
}

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

/** Options of {@link useScreenScale}. */
export interface UseScreenScaleOptions {
  /**
   * Design width, px.
   * @default 1920
   */
  width?: number;
  /**
   * Design height, px.
   * @default 1080
   */
  height?: number;
}

/** What {@link useScreenScale} returns. */
export interface UseScreenScaleReturn {
  /** Current fit of the canvas. */
  fit: Readonly<Ref<CanvasFit>>;
  /** Inline style of the canvas element. */
  canvasStyle: ComputedRef<Record<string, string>>;
}

/** Scales the design canvas to the window for as long as the calling scope lives. */
export function useScreenScale(options: UseScreenScaleOptions = {}): UseScreenScaleReturn {
  const { width = 1920, height = 1080 } = options;
  const measure = (): CanvasFit =>
    fitCanvas({ width: window.innerWidth, height: window.innerHeight }, { width, height });
  const fit = ref<CanvasFit>(measure());

  let frame = 0;
  const onResize = (): void => {
    // One update per frame, however many resize events the window fires.
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      fit.value = measure();
    });
  };
  window.addEventListener('resize', onResize);
  onScopeDispose(() => {
    window.removeEventListener('resize', onResize);
    if (frame) cancelAnimationFrame(frame);
  });

  const canvasStyle = computed(() => ({
    width: `${width}px`,
    height: `${height}px`,
    transform: `translate(${fit.value.offsetX}px, ${fit.value.offsetY}px) scale(${fit.value.scale})`,
    transformOrigin: '0 0',
  }));

  return { fit: readonly(fit), canvasStyle };
}
