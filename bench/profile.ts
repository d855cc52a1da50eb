// Summarises a V8 CPU profile of an api process (see cpu-profiler.mjs): where its time went, by
// package and by function, so that a missed target comes with its evidence.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Groups a script by what a reader would call it: a package, Judix's own code, or Node. */
function owner(url: string): string {
  if (url === '') return '(V8 and native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  if (url.startsWith('node:')) return 'node core';
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? `judix ${url.slice(dist + '/dist/'.length)}` : url;
}

function top(counts: Map<string, number>, total: number, limit: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`);
}

export function summariseProfile(file: string, limit = 15): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total++;
    const where = url ? `${owner(url)}:${lineNumber + 1}` : owner(url);
    const name = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + 1);
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const busy = (100 * total) / Math.max(1, profile.samples.length);
  return [
    `${file}: ${seconds.toFixed(0)} s, busy in ${busy.toFixed(0)}% of samples; self time of busy samples:`,
    '  by package:',
    ...top(byOwner, total, 10).map((line) => `    ${line}`),
    '  by function:',
    ...top(byFunction, total, limit).map((line) => `    ${line}`),
  ];
}
