import { describe, expect, it } from 'vitest';
import { fitCanvas } from './useScreenScale';

const design = { width: 1920, height: 1080 };

describe('fitCanvas', () => {
  it('fills a screen of the design size exactly', () => {
    expect(fitCanvas({ width: 1920, height: 1080 }, design)).toEqual({
      scale: 1,
      offsetX: 0,
      offsetY: 0,
    });
  });

  it('scales a 4K wall up and letterboxes a wider one, centred', () => {
    expect(fitCanvas({ width: 3840, height: 2160 }, design).scale).toBe(2);
    expect(fitCanvas({ width: 2560, height: 1080 }, design)).toEqual({
      scale: 1,
      offsetX: 320,
      offsetY: 0,
    });
  });

  it('keeps scale 1 for a zero-sized window instead of collapsing', () => {
    expect(fitCanvas({ width: 0, height: 0 }, design).scale).toBe(1);
  });
});
