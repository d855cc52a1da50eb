// What the benchmark measures and what it must reach: the targets in the order they run within a
// round (pairs that are compared run next to each other), the ratios between them, and every
// target value in one place.
import type { Request } from './load';
import type { Limits, Ratio } from './report';
import { TASKS, taskInput } from './seed';

export const STREAM_USERS = 100;
export const STREAMS_PER_USER = 10;
export const STREAMS = STREAM_USERS * STREAMS_PER_USER;
const streamsLabel = STREAMS.toLocaleString('en-US');

/** Every target value of the benchmark. */
export const GOALS = {
  listToKoa: 0.5,
  streamsToKoa: 0.5,
  readToFindOne: 0.6,
  createToInsert: 0.5,
  telemetryOnToOff: 0.8,
  nginxToDirect: 0.8,
  openLoopP99Ms: 5,
  openLoopP999Ms: 15,
  memoryGrowth: 0.1,
} as const;

export const LIMITS: Limits = {
  openLoopP99Ms: GOALS.openLoopP99Ms,
  openLoopP999Ms: GOALS.openLoopP999Ms,
  memoryGrowth: GOALS.memoryGrowth,
};

export const RATIOS: Ratio[] = [
  {
    label: 'cached list / Koa same page',
    numerator: 'list',
    denominator: 'koa',
    target: GOALS.listToKoa,
  },
  {
    label: "cached list through the web app's nginx / direct",
    numerator: 'nginx',
    denominator: 'list',
    target: GOALS.nginxToDirect,
  },
  {
    label: 'cached list at LOG_LEVEL=warn / Koa',
    numerator: 'listWarn',
    denominator: 'koa',
  },
  {
    label: `cached list / Koa, ${streamsLabel} streams open`,
    numerator: 'streams',
    denominator: 'koa',
    target: GOALS.streamsToKoa,
  },
  {
    label: 'single read / Koa + findOne',
    numerator: 'read',
    denominator: 'findOne',
    target: GOALS.readToFindOne,
  },
  {
    label: 'create / Koa + insertOne',
    numerator: 'create',
    denominator: 'insert',
    target: GOALS.createToInsert,
  },
  {
    label: 'list telemetry on / off',
    numerator: 'listTelemetry',
    denominator: 'list',
    target: GOALS.telemetryOnToOff,
  },
];

/** The names `--only` takes. */
export const TARGET_NAMES = [
  'raw',
  'koa',
  'list',
  'nginx',
  'listWarn',
  'streams',
  'listTelemetry',
  'findOne',
  'read',
  'insert',
  'create',
] as const;

/** The steps besides the interleaved targets that `--only` takes. */
export const STEP_NAMES = ['memory'] as const;

export type TargetName = (typeof TARGET_NAMES)[number];

/** Targets a target is compared with, which `--only` brings along. */
const BRINGS: Partial<Record<TargetName, TargetName[]>> = {
  nginx: ['list'],
  listWarn: ['koa'],
  streams: ['koa'],
};

/** The targets to run: all of them, or those `only` names and what they are compared with. */
export function selected(only: Set<string> | undefined): (name: string) => boolean {
  if (!only) return () => true;
  const names = new Set<string>(only);
  for (const name of only) for (const other of BRINGS[name as TargetName] ?? []) names.add(other);
  return (name) => names.has(name);
}

export interface Target {
  name: TargetName;
  label: string;
  request: Request;
  /** Where the api serving this target writes CPU profiles under --profile. */
  profileDir?: string;
  /** Removes what the target wrote, so every round reads and writes collections of one size. */
  clean?: () => Promise<unknown>;
  /** The process that answers, whose CPU time is read around each run. */
  serverPid: number;
  /** nginx's master, when the requests pass through nginx on their way to serverPid. */
  nginxPid?: number;
}

/** Where each target's server listens and what its requests carry. */
export interface Endpoints {
  bare: { raw: number; koa: number; findOne: number; insert: number };
  apiUrl: string;
  telemetryUrl: string;
  /** The web app's nginx proxying /api to the api at apiUrl; absent when nginx does not run. */
  nginxUrl?: string;
  /** The api at LOG_LEVEL=warn; absent when listWarn does not run. */
  warnUrl?: string;
  /** Absent when the streams step does not run. */
  streamsUrl?: string;
  readerToken: string;
  writerToken: string;
  readId: string;
  /** Headers every request carries, to every server (see production.ts). */
  headers: Record<string, string>;
  profileDirs: { api: string; telemetry: string };
  /** The process behind each server; 0 for one that does not run. */
  pids: {
    bare: number;
    api: number;
    telemetry: number;
    warn: number;
    streams: number;
    nginx: number;
  };
  cleanInserts: () => Promise<unknown>;
  cleanCreates: () => Promise<unknown>;
}

/** Every target, in the order a round runs them. */
export function allTargets(at: Endpoints): Target[] {
  const local = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
  const json = { ...at.headers, 'content-type': 'application/json' };
  const plain = at.headers;
  const reader = { ...at.headers, authorization: `Bearer ${at.readerToken}` };
  const writer = { authorization: `Bearer ${at.writerToken}` };
  const createBody = JSON.stringify(taskInput(0));
  const targets: Target[] = [
    {
      name: 'raw',
      serverPid: at.pids.bare,
      label: `node:http, captured ${TASKS}-task page`,
      request: { url: local(at.bare.raw, '/api/v1/tasks'), headers: plain },
    },
    {
      name: 'koa',
      serverPid: at.pids.bare,
      label: 'Koa + router, same page',
      request: { url: local(at.bare.koa, '/api/v1/tasks'), headers: plain },
    },
    {
      name: 'list',
      serverPid: at.pids.api,
      profileDir: at.profileDirs.api,
      label: `Judix GET /tasks (${TASKS}, cached)`,
      request: { url: `${at.apiUrl}/api/v1/tasks`, headers: reader },
    },
    {
      name: 'nginx',
      serverPid: at.pids.api,
      nginxPid: at.pids.nginx,
      label: "Judix GET /tasks through the web app's nginx",
      request: { url: `${at.nginxUrl}/api/v1/tasks`, headers: reader },
    },
    {
      name: 'listWarn',
      serverPid: at.pids.warn,
      label: `Judix GET /tasks (${TASKS}, cached), LOG_LEVEL=warn`,
      request: { url: `${at.warnUrl}/api/v1/tasks`, headers: reader },
    },
    {
      name: 'streams',
      serverPid: at.pids.streams,
      label: `Judix GET /tasks, ${streamsLabel} streams open`,
      request: { url: `${at.streamsUrl}/api/v1/tasks`, headers: reader },
    },
    {
      name: 'listTelemetry',
      serverPid: at.pids.telemetry,
      profileDir: at.profileDirs.telemetry,
      label: 'Judix GET /tasks, telemetry on',
      request: { url: `${at.telemetryUrl}/api/v1/tasks`, headers: reader },
    },
    {
      name: 'findOne',
      serverPid: at.pids.bare,
      label: 'Koa + driver findOne by _id',
      request: { url: local(at.bare.findOne, `/api/v1/tasks/${at.readId}`), headers: plain },
    },
    {
      name: 'read',
      serverPid: at.pids.api,
      profileDir: at.profileDirs.api,
      label: 'Judix GET /tasks/:id',
      request: { url: `${at.apiUrl}/api/v1/tasks/${at.readId}`, headers: reader },
    },
    {
      name: 'insert',
      serverPid: at.pids.bare,
      label: 'Koa + driver insertOne',
      request: {
        url: local(at.bare.insert, '/api/v1/tasks'),
        method: 'POST',
        headers: json,
        body: createBody,
      },
      clean: at.cleanInserts,
    },
    {
      name: 'create',
      serverPid: at.pids.api,
      profileDir: at.profileDirs.api,
      label: 'Judix POST /tasks',
      request: {
        url: `${at.apiUrl}/api/v1/tasks`,
        method: 'POST',
        headers: { ...json, ...writer },
        body: createBody,
      },
      clean: at.cleanCreates,
    },
  ];
  const present: Partial<Record<TargetName, unknown>> = {
    nginx: at.nginxUrl,
    listWarn: at.warnUrl,
    streams: at.streamsUrl,
  };
  return targets.filter((target) => !(target.name in present) || present[target.name]);
}

/** The ratios whose two targets both ran. */
export function ratiosOf(targets: Target[]): Ratio[] {
  const measured = (name: string) => targets.some((target) => target.name === name);
  return RATIOS.filter((ratio) => measured(ratio.numerator) && measured(ratio.denominator));
}
