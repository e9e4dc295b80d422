import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { AreasService } from './areas.service';

/**
 * Turns an optional `scope` query parameter into a known area code: absent means the root of
 * the area tree (the city); a code the tree does not hold is a 400 naming it.
 * Use as `@Query('scope', ScopePipe) scope: string`.
 */
@Injectable()
export class ScopePipe implements PipeTransform<unknown, string> {
  constructor(private readonly areas: AreasService) {}

  transform(value: unknown): string {
    if (value === undefined) return this.areas.root.code;
    if (typeof value !== 'string') throw new BadRequestException('scope: must be one area code');
    if (!this.areas.tree.has(value)) throw new BadRequestException(`scope: unknown area code ${JSON.stringify(value)}`);
    return value;
  }
}
