import { describe, expect, it } from 'vitest';
import { designCanvas, fitCanvas } from './useScreenScale';

const design = { width: 1920, height: 1080 };

describe('fitCanvas', () => {
  it('fills a screen of the design size exactly', () => {
    expect(fitCanvas({ width: 1920, height: 1080 }, design)).toEqual({ scale: 1, offsetX: 0, offsetY: 0 });
  });

  it('scales a 4K wall up and letterboxes a wider one, centred', () => {
    expect(fitCanvas({ width: 3840, height: 2160 }, design).scale).toBe(2);
    expect(fitCanvas({ width: 2560, height: 1080 }, design)).toEqual({ scale: 1, offsetX: 320, offsetY: 0 });
  });

  it('keeps scale 1 for a zero-sized window instead of collapsing', () => {
    expect(fitCanvas({ width: 0, height: 0 }, design).scale).toBe(1);
  });
});

describe('designCanvas', () => {
  it('keeps 16:9 and near-16:9 screens on the standard canvas', () => {
    expect(designCanvas({ width: 3840, height: 2160 }, design)).toEqual({
      width: 1920,
      height: 1080,
      layout: 'standard',
    });
    expect(designCanvas({ width: 2560, height: 1080 }, design).layout).toBe('standard');
  });

  it('gives 32:9 and spliced walls a wide canvas of their own aspect, not a stretched one', () => {
    expect(designCanvas({ width: 7680, height: 2160 }, design)).toEqual({ width: 3840, height: 1080, layout: 'wide' });
    expect(designCanvas({ width: 5760, height: 1080 }, design)).toEqual({ width: 5760, height: 1080, layout: 'wide' });
    const wall = designCanvas({ width: 7680, height: 2160 }, design);
    expect(fitCanvas({ width: 7680, height: 2160 }, wall)).toEqual({ scale: 2, offsetX: 0, offsetY: 0 });
  });
});
