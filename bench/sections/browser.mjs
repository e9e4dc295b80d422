// 6. Browser: Chromium opens each page of --pages (default the wall's overview scene, then the
// first live page), measures time to first complete render at 1920×1080 and 3840×2160 and script
// time per applied patch; on the first page also the JS heap after GC over a long accelerated run.
import { pageProfile } from '../lib/pages.mjs';
import { INGEST_KEY, sleep } from '../lib/server.mjs';
import { slope, spread } from '../lib/stats.mjs';
import { startWorker } from '../lib/workers.mjs';

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

export async function run(ctx) {
  const { opts } = ctx;
  const server = await ctx.mainServer();
  const bw = startWorker('browser');
  const gen = startWorker('ingest');
  const stream = (rate, seconds, tag) =>
    gen.call('stream', { url: server.url, key: INGEST_KEY, prefix: `B${tag}${ctx.runTag}-`, seed: 51, rate, seconds });

  const measure = async (page, withSoak) => {
    // The page reads its screen token from the URL (?token=).
    const path = ctx.wallToken
      ? `${page.path}${page.path.includes('?') ? '&' : '?'}token=${encodeURIComponent(ctx.wallToken)}`
      : page.path;
    const out = { page: { name: page.name, path: page.path, description: page.description } };
    ctx.log(`  page ${page.name}: ${page.path}`);
    out.firstRender = [];
    for (const viewport of VIEWPORTS) {
      const runs = [];
      for (let r = 0; r < Math.max(1, opts.browserRenderRepeats); r++) {
        runs.push(await bw.call('firstRender', { url: server.url, path, viewport, ready: page.ready }));
      }
      out.firstRender.push({
        viewport: `${viewport.width}×${viewport.height}`,
        completeMs: spread(runs.map((x) => x.completeMs)),
        fcpMs: spread(runs.map((x) => x.fcpMs)),
        errors: runs.flatMap((x) => x.errors).slice(0, 5),
      });
      ctx.log(
        `  first complete render ${viewport.width}×${viewport.height}: ${spread(runs.map((x) => x.completeMs)).median?.toFixed(0)} ms`,
      );
    }

    // Script time per applied patch: an idle window (heartbeats, clock timers) then windows with
    // events flowing; the page's CDP ScriptDuration against the patch frames it received.
    await bw.call('open', { url: server.url, path, viewport: VIEWPORTS[0], ready: page.ready });
    await sleep(1500);
    const idleSeconds = Math.min(5, opts.browserPatchSeconds);
    const i0 = await bw.call('sample');
    await sleep(idleSeconds * 1000);
    const i1 = await bw.call('sample');
    const idleScriptPerSecond = (i1.scriptSeconds - i0.scriptSeconds) / ((i1.at - i0.at) / 1000);
    const windows = [];
    const windowSeconds = opts.browserPatchSeconds / opts.repeats;
    const streaming = stream(opts.browserPatchRate, opts.browserPatchSeconds + 1, 'p');
    await sleep(500);
    let prev = await bw.call('sample');
    for (let r = 0; r < opts.repeats; r++) {
      await sleep(windowSeconds * 1000);
      const cur = await bw.call('sample');
      const patches = cur.patches - prev.patches;
      const seconds = (cur.at - prev.at) / 1000;
      const script = cur.scriptSeconds - prev.scriptSeconds;
      const render = cur.layoutSeconds - prev.layoutSeconds + (cur.styleSeconds - prev.styleSeconds);
      windows.push({
        patches,
        seconds,
        scriptMsPerPatch: patches ? (script * 1000) / patches : null,
        scriptMsPerPatchNet: patches ? ((script - idleScriptPerSecond * seconds) * 1000) / patches : null,
        layoutStyleMsPerPatch: patches ? (render * 1000) / patches : null,
        taskMsPerPatch: patches ? ((cur.taskSeconds - prev.taskSeconds) * 1000) / patches : null,
      });
      prev = cur;
    }
    await streaming;
    out.patchCost = {
      eventsPerSecond: opts.browserPatchRate,
      idleScriptMsPerSecond: idleScriptPerSecond * 1000,
      patchesPerSecond: spread(windows.map((w) => w.patches / w.seconds)),
      scriptMsPerPatch: spread(windows.map((w) => w.scriptMsPerPatch)),
      scriptMsPerPatchNet: spread(windows.map((w) => w.scriptMsPerPatchNet)),
      layoutStyleMsPerPatch: spread(windows.map((w) => w.layoutStyleMsPerPatch)),
      taskMsPerPatch: spread(windows.map((w) => w.taskMsPerPatch)),
      windows,
    };
    ctx.log(
      `  script per patch: ${out.patchCost.scriptMsPerPatch.median?.toFixed(2)} ms (net of idle ${out.patchCost.scriptMsPerPatchNet.median?.toFixed(2)} ms), ${out.patchCost.patchesPerSecond.median?.toFixed(1)} patches/s`,
    );

    if (!withSoak) {
      await bw.call('closePage');
      return out;
    }
    // JS heap after forced GC over a long accelerated run.
    const samples = [await bw.call('sample', { gc: true })];
    const soak = stream(opts.browserSoakRate, opts.browserSoakSeconds, 's');
    const t0 = Date.now();
    while (Date.now() - t0 < opts.browserSoakSeconds * 1000) {
      await sleep(opts.browserSampleSeconds * 1000);
      samples.push(await bw.call('sample', { gc: true }));
    }
    const soaked = await soak;
    const mins = samples.map((s) => (s.at - samples[0].at) / 60_000);
    const mb = samples.map((s) => s.heapUsed / 2 ** 20);
    out.heap = {
      eventsPerSecond: opts.browserSoakRate,
      seconds: opts.browserSoakSeconds,
      eventsPosted: soaked.posted,
      patches: samples[samples.length - 1].patches - samples[0].patches,
      startMiB: mb[0],
      endMiB: mb[mb.length - 1],
      maxMiB: Math.max(...mb),
      slopeMiBPerMinute: slope(mins, mb),
      domNodesStart: samples[0].nodes,
      domNodesEnd: samples[samples.length - 1].nodes,
      listenersStart: samples[0].listeners,
      listenersEnd: samples[samples.length - 1].listeners,
      pageErrors: samples[samples.length - 1].errors,
      samples: samples.map((s, i) => ({
        minute: mins[i],
        heapUsedMiB: mb[i],
        nodes: s.nodes,
        listeners: s.listeners,
        patches: s.patches,
      })),
    };
    ctx.log(
      `  heap: ${out.heap.startMiB.toFixed(1)} → ${out.heap.endMiB.toFixed(1)} MiB (max ${out.heap.maxMiB.toFixed(1)}, slope ${out.heap.slopeMiBPerMinute?.toFixed(2)} MiB/min) over ${out.heap.patches} patches`,
    );
    await bw.call('closePage');
    return out;
  };

  const result = { pages: [] };
  try {
    result.chromium = await bw.call('version');
    for (const [i, name] of opts.pages.entries()) result.pages.push(await measure(pageProfile(name), i === 0));
  } finally {
    await bw.call('close').catch(() => undefined);
    await bw.stop();
    await gen.stop();
  }
  return result;
}
