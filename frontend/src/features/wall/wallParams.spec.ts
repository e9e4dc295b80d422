import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP_CREDIT, DEFAULT_MAP_URL } from '../../widgets/DistrictMap/mapLoader';
import { assessmentKinds, parseScenes, parseTimeOfDay, primaryRoom, readWallParams, slotRooms } from './wallParams';

describe('readWallParams', () => {
  it('reads the playlist URL of the issue, one ranking slot per tier', () => {
    const sut = readWallParams('?scenes=overview,map,ranking,overdue&rotate=30&scope=410100&period=week');

    expect(sut.scenes).toEqual([
      { kind: 'overview' },
      { kind: 'map' },
      { kind: 'ranking', tier: 'district' },
      { kind: 'ranking', tier: 'township' },
      { kind: 'ranking', tier: 'village' },
      { kind: 'ranking', tier: 'department' },
      { kind: 'overdue' },
    ]);
    expect(sut).toMatchObject({ rotateMs: 30_000, scope: '410100', period: 'week', rankingPeriod: 'week' });
  });

  it('has defaults for every parameter: stale 30 s, reload at 04:00, the OSM map, coloured by score', () => {
    const sut = readWallParams('');

    expect(sut).toMatchObject({
      rotateMs: 30_000,
      scope: '410100',
      period: 'day',
      staleMs: 30_000,
      reloadAt: { hour: 4, minute: 0 },
      mapUrl: DEFAULT_MAP_URL,
      mapKey: 'adcode',
      mapCredit: DEFAULT_MAP_CREDIT,
      mapMetric: 'score',
    });
    expect(sut.token).toBeUndefined();
  });

  it('reads stale, reload, map, metric, tiers, ranking period and token', () => {
    const sut = readWallParams(
      '?stale=45&reload=03:30&map=/maps/my-grid.geojson&mapKey=code&metric=onTimeRate&tiers=village,department&rankPeriod=quarter&token=t1&rotate=0',
    );

    expect(sut).toMatchObject({
      staleMs: 45_000,
      reloadAt: { hour: 3, minute: 30 },
      mapUrl: '/maps/my-grid.geojson',
      mapKey: 'code',
      mapMetric: 'onTimeRate',
      tiers: ['village', 'department'],
      rankingPeriod: 'quarter',
      token: 't1',
      rotateMs: 0,
    });
  });

  it('falls back per field on malformed values and refuses script URLs for the map', () => {
    const sut = readWallParams('?scope=%3Cx%3E&period=decade&rotate=-5&stale=abc&map=javascript:alert(1)&metric=bogus');

    expect(sut).toMatchObject({
      scope: '410100',
      period: 'day',
      rotateMs: 30_000,
      staleMs: 30_000,
      mapUrl: DEFAULT_MAP_URL,
      mapMetric: 'score',
    });
  });
});

describe('readWallParams channel', () => {
  it('follows the presenter channel named in the URL and ignores one the server would refuse', () => {
    expect(readWallParams(`?channel=${encodeURIComponent('联席会议室')}`).channel).toBe('联席会议室');
    // One the server would refuse, or none named: the default channel, so a tablet can reach it.
    expect(readWallParams('?channel=a%20b').channel).toBe('联席会议室');
    expect(readWallParams('').channel).toBe('联席会议室');
    expect(readWallParams('?channel=none').channel).toBeUndefined();
    expect(readWallParams('').sound).toBe(false);
    expect(readWallParams('?sound=on').sound).toBe(true);
  });
});

describe('parseScenes', () => {
  it('takes one tier per ranking entry when named and skips unknown scenes', () => {
    expect(parseScenes('ranking:township,bogus,overdue', ['district'])).toEqual([
      { kind: 'ranking', tier: 'township' },
      { kind: 'overdue' },
    ]);
  });

  it('reads the issued assessment scenes of a kind, the week by default, and skips an unknown kind', () => {
    expect(parseScenes('overview,assessment:week,assessment:month,assessment,assessment:decade', ['district'])).toEqual(
      [
        { kind: 'overview' },
        { kind: 'assessment', assessment: 'week' },
        { kind: 'assessment', assessment: 'month' },
        { kind: 'assessment', assessment: 'week' },
      ],
    );
    const config = readWallParams('?scenes=assessment:month,ranking:district,assessment:week,assessment:month');
    expect(assessmentKinds(config)).toEqual(['month', 'week']);
    expect(slotRooms({ kind: 'assessment', assessment: 'week' }, config)).toEqual([]);
  });

  it('never yields an empty playlist', () => {
    expect(parseScenes('nothing', ['district']).length).toBeGreaterThan(0);
  });
});

describe('parseTimeOfDay', () => {
  it('reads HH:MM and off', () => {
    expect(parseTimeOfDay('23:05')).toEqual({ hour: 23, minute: 5 });
    expect(parseTimeOfDay('off')).toBeNull();
    expect(parseTimeOfDay('25:00')).toEqual({ hour: 4, minute: 0 });
  });
});

describe('slotRooms', () => {
  it('adds the day room for the overview of a longer period and a tier room per ranking page', () => {
    const config = readWallParams('?period=week');

    expect(slotRooms({ kind: 'overview' }, config)).toEqual([{ scope: '410100', period: 'day' }]);
    expect(slotRooms({ kind: 'ranking', tier: 'village' }, config)).toEqual([
      { scope: '410100', period: 'week', tier: 'village' },
    ]);
    expect(slotRooms({ kind: 'overdue' }, config)).toEqual([]);
    expect(slotRooms({ kind: 'overview' }, readWallParams('?period=day'))).toEqual([]);
  });
});

describe('readWallParams hotspots and replay', () => {
  it('reads the 预警热点 scene, which needs no room besides the primary one', () => {
    const sut = readWallParams('?scenes=overview,hotspots');

    expect(sut.scenes).toEqual([{ kind: 'overview' }, { kind: 'hotspots' }]);
    expect(slotRooms({ kind: 'hotspots' }, sut)).toEqual([]);
  });

  it('is live without at, and subscribes every room at the replayed moment with one', () => {
    expect(readWallParams('?scenes=overview').replay).toEqual({ kind: 'live' });

    const sut = readWallParams('?scenes=overview,ranking:township&period=week&at=2026-11-24T09:00%2B08:00');

    expect(sut.replay).toMatchObject({ kind: 'replay', iso: '2026-11-24T09:00:00.000+08:00' });
    expect(primaryRoom(sut)).toEqual({ scope: '410100', period: 'week', at: '2026-11-24T09:00:00.000+08:00' });
    expect(slotRooms({ kind: 'overview' }, sut)).toEqual([
      { scope: '410100', period: 'day', at: '2026-11-24T09:00:00.000+08:00' },
    ]);
    expect(slotRooms({ kind: 'ranking', tier: 'township' }, sut)[0].at).toBe('2026-11-24T09:00:00.000+08:00');
  });

  it('keeps an at that is no moment as such, never as the live wall', () => {
    expect(readWallParams('?at=soon').replay.kind).toBe('invalid');
  });
});
