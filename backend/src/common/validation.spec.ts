import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CreateTokenDto } from '../admin/dto/create-token.dto';
import { CreateUserDto } from '../admin/dto/create-user.dto';
import { ListAuditDto } from '../admin/dto/list-audit.dto';
import { ListAreasDto } from '../areas/dto/list-areas.dto';
import { LoginDto } from '../auth/dto/login.dto';
import { GetAgendaDto } from '../meeting/dto/get-agenda.dto';
import { GetCaseDto } from '../meeting/dto/get-case.dto';
import { GetOverdueDto } from '../stats/dto/get-overdue.dto';
import { GetRankHistoryDto } from '../stats/dto/get-rank-history.dto';
import { GetRankingsDto } from '../stats/dto/get-rankings.dto';
import { GetStatsDto } from '../stats/dto/get-stats.dto';
import { GetTrendDto } from '../stats/dto/get-trend.dto';
import { createValidationPipe } from './validation';

const sut = createValidationPipe();
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

/** The api.md error body a request gets. */
async function refusal(value: unknown, meta: ArgumentMetadata): Promise<unknown> {
  try {
    await sut.transform(value, meta);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as BadRequestException).getResponse();
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}
const message = async (value: unknown, meta: ArgumentMetadata) =>
  ((await refusal(value, meta)) as { message: string }).message;

describe('createValidationPipe', () => {
  describe('transform', () => {
    it('answers in the api.md error shape, naming the field', async () => {
      expect(await refusal({ limit: 'abc' }, query(ListAuditDto))).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'limit: must be an integer from 1 to 1000',
      });
    });

    it('fills defaults and turns query numbers into numbers', async () => {
      expect(await sut.transform({}, query(ListAuditDto))).toEqual({ limit: 200 });
      expect(await sut.transform({ limit: '20' }, query(ListAuditDto))).toEqual({ limit: 20 });
      expect(await sut.transform({}, query(GetOverdueDto))).toMatchObject({ limit: 50 });
      expect(await sut.transform({}, query(GetAgendaDto))).toMatchObject({ limit: 100 });
      expect(await sut.transform({ scope: '410102' }, query(GetStatsDto))).toMatchObject({ period: 'day' });
    });

    it('refuses a parameter the endpoint does not take', async () => {
      expect(await message({ limit: '5', colour: 'red' }, query(ListAuditDto))).toBe(
        'colour: is not an accepted field here',
      );
    });

    it('bounds every query number', async () => {
      expect(await message({ limit: '0' }, query(GetOverdueDto))).toBe('limit: must be an integer from 1 to 500');
      expect(await message({ limit: '501' }, query(GetOverdueDto))).toBe('limit: must be an integer from 1 to 500');
      expect(await message({ limit: '2.5' }, query(GetAgendaDto))).toBe('limit: must be an integer from 1 to 500');
      expect(await message({ limit: '' }, query(ListAuditDto))).toBe('limit: must be an integer from 1 to 1000');
      expect(await message({ limit: '5000' }, query(ListAuditDto))).toMatch(/^limit: /);
      expect(await message({ tier: 'district', code: '410102', weeks: '61' }, query(GetRankHistoryDto))).toBe(
        'weeks: must be an integer from 1 to 60',
      );
      expect(await message({ tier: 'district', code: '410102', limit: '0' }, query(GetRankHistoryDto))).toBe(
        'limit: must be an integer from 1 to 60',
      );
      expect(await message({ tier: 'district', code: '410102', kind: 'day' }, query(GetRankHistoryDto))).toMatch(
        /^kind: must be one of week, month, quarter, year/,
      );
    });

    it('checks codes against the id pattern', async () => {
      expect(await message({ scope: 'bad scope' }, query(GetStatsDto))).toMatch(/^scope: must be an area code/);
      expect(await message({ parent: '<script>' }, query(ListAreasDto))).toMatch(/^parent: must be an area code/);
      expect(await message({ caseId: 'bad id' }, { type: 'param', metatype: GetCaseDto })).toMatch(/^caseId: /);
      expect(await message({ tier: 'district', code: 'x y' }, query(GetRankHistoryDto))).toMatch(/^code: /);
      expect(await message({ tier: 'district' }, query(GetRankHistoryDto))).toBe('code: is required (the unit)');
    });

    it('keeps the messages of the enumerations', async () => {
      expect(await message({ period: 'decade' }, query(GetStatsDto))).toBe(
        'period: must be one of day, week, month, quarter, year, got "decade"',
      );
      expect(await message({ tier: 'planet' }, query(GetRankingsDto))).toMatch(/^tier: must be one of district, /);
      expect(await message({}, query(GetRankingsDto))).toMatch(/^tier: must be one of .*got undefined$/);
      expect(await message({ state: 'green' }, query(GetOverdueDto))).toBe('state: must be red or yellow, got "green"');
      expect(await message({ granularity: 'minute' }, query(GetTrendDto))).toMatch(/^granularity: must be hour or day/);
    });

    it('reads a trend range as epoch ms, and requires it only with a granularity', async () => {
      const q = await sut.transform(
        { granularity: 'hour', from: '2026-11-21T00:00:00+08:00', to: '2026-11-22T00:00:00+08:00' },
        query(GetTrendDto),
      );
      expect(q).toMatchObject({
        from: Date.parse('2026-11-21T00:00:00+08:00'),
        to: Date.parse('2026-11-22T00:00:00+08:00'),
      });
      expect(await message({ granularity: 'hour', from: 'yesterday' }, query(GetTrendDto))).toBe(
        'from: must be an ISO-8601 time with offset (e.g. 2026-11-21T00:00:00+08:00), got "yesterday"; ' +
          'to: must be an ISO-8601 time with offset (e.g. 2026-11-21T00:00:00+08:00), got undefined',
      );
      expect(await sut.transform({ period: 'week' }, query(GetTrendDto))).toMatchObject({ period: 'week' });
    });

    it('checks bodies: sign-in, new users, new tokens', async () => {
      expect(await message({ password: 'x' }, body(LoginDto))).toBe('name: is required');
      expect(await message({ name: 'a', password: '' }, body(LoginDto))).toBe('password: is required');
      expect(await message({ name: 'erqi-head', password: 'short', role: 'leader' }, body(CreateUserDto))).toBe(
        'password: at least 8 characters',
      );
      expect(await message({ name: 'erqi-head', password: 'long-enough', role: 'wall' }, body(CreateUserDto))).toMatch(
        /^role: one of leader, district, admin/,
      );
      expect(await message({ kind: 'robot', label: 'x' }, body(CreateTokenDto))).toBe('kind: must be screen or ingest');
      expect(await message({ kind: 'screen' }, body(CreateTokenDto))).toBe('label: is required');
      expect(await message({ kind: 'screen', label: 'x', admin: true }, body(CreateTokenDto))).toBe(
        'admin: is not an accepted field here',
      );
    });

    it('leaves socket payloads (numeric metadata type) to their gateway pipe', async () => {
      const payload = { limit: 'abc', colour: 'red' };
      expect(await sut.transform(payload, { type: 3 as never, metatype: ListAuditDto })).toBe(payload);
    });

    it('hands on a body that is not a DTO class as it came (the domain configuration has its own validation)', async () => {
      const patch = { weights: { resolutionRate: 0.9 } };
      expect(await sut.transform(patch, body(Object))).toBe(patch);
    });
  });
});
