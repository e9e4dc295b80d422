import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { zhengzhouTree } from '../testing/fixtures';
import type { AreasService } from './areas.service';
import { ScopePipe } from './scope.pipe';

const tree = zhengzhouTree();
const areas = { tree, root: tree.root } as unknown as AreasService;

describe(ScopePipe.name, () => {
  const sut = new ScopePipe(areas);

  describe('transform', () => {
    it('gives the root of the area tree when no scope is asked for', () => {
      expect(sut.transform(undefined)).toBe(tree.root.code);
      expect(tree.root.level).toBe('city');
    });

    it('passes a known area code through', () => {
      expect(sut.transform('410102')).toBe('410102');
    });

    it('answers 400 naming the unknown code', () => {
      expect(() => sut.transform('999999')).toThrow(BadRequestException);
      expect(() => sut.transform('999999')).toThrow('scope: unknown area code "999999"');
      expect(() => sut.transform('')).toThrow('scope: unknown area code ""');
    });

    it('answers 400 for several scopes at once', () => {
      expect(() => sut.transform(['410102', '410105'])).toThrow('scope: must be one area code');
    });
  });
});
