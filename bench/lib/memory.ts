// Peak RSS while work runs, sampled on a timer, against a baseline taken after a forced GC.
import type { MemoryCounts } from './types';

const MB = 1024 * 1024;
const SAMPLE_MS = 20;

function collect(): void {
  // The orchestrator starts scenario processes with --expose-gc; without it the baseline is noisier.
  (globalThis as { gc?: () => void }).gc?.();
}

export class MemorySampler {
  private peak = 0;
  private heapPeak = 0;
  private timer: NodeJS.Timeout | null = null;
  private rssBefore = 0;
  private heapBefore = 0;

  start(): void {
    collect();
    const usage = process.memoryUsage();
    this.rssBefore = usage.rss;
    this.heapBefore = usage.heapUsed;
    this.peak = usage.rss;
    this.heapPeak = usage.heapUsed;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  sample(): void {
    const usage = process.memoryUsage();
    this.peak = Math.max(this.peak, usage.rss);
    this.heapPeak = Math.max(this.heapPeak, usage.heapUsed);
  }

  stop(): MemoryCounts {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    collect();
    const heapAfter = process.memoryUsage().heapUsed;
    return {
      rssBeforeMb: round(this.rssBefore / MB),
      rssPeakMb: round(this.peak / MB),
      rssGrowthMb: round((this.peak - this.rssBefore) / MB),
      heapPeakGrowthMb: round((this.heapPeak - this.heapBefore) / MB),
      heapRetainedMb: round((heapAfter - this.heapBefore) / MB),
    };
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
