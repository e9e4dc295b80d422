/**
 * What every wall scene is given by the wall page.
 */
import type { CanvasLayout } from '../../../composables/useScreenScale';
import type { WallConfig } from '../wallParams';

/** The props of a scene. */
export interface SceneProps {
  /** The wall's configuration (its URL). */
  config: WallConfig;
  /** Layout family of the design canvas. */
  layout: CanvasLayout;
}
