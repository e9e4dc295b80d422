/**
 * The size of an element in CSS px (of the design canvas), kept current by a ResizeObserver
 * that is disconnected when the calling scope ends.
 */
import { onMounted, onScopeDispose, shallowRef, type Ref, type ShallowRef } from 'vue';

/** Width and height in px. */
export interface ElementSize {
  width: number;
  height: number;
}

/** Observes `target`'s content box; null until mounted. */
export function useElementSize(target: Readonly<Ref<HTMLElement | null>>): Readonly<ShallowRef<ElementSize | null>> {
  const size = shallowRef<ElementSize | null>(null);
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    const el = target.value;
    if (!el) return;
    // offsetWidth/Height: layout px, unaffected by the canvas's CSS scale.
    const read = () => {
      if (el.offsetWidth !== size.value?.width || el.offsetHeight !== size.value?.height) {
        size.value = { width: el.offsetWidth, height: el.offsetHeight };
      }
    };
    read();
    observer = new ResizeObserver(read);
    observer.observe(el);
  });
  onScopeDispose(() => {
    observer?.disconnect();
    observer = null;
  });
  return size;
}
