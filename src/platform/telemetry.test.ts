// The SDK and pino's instrumentation patch modules as they load, so each case runs in a process of
// its own (telemetry started first, as in the api) against a real OTLP/HTTP receiver.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { logsExported } from './telemetry';

interface Receiver {
  url: string;
  /** Parsed OTLP/JSON export requests, by path. */
  requests: Map<string, any[]>;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const requests = new Map<string, any[]>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const list = requests.get(req.url ?? '') ?? [];
      list.push(JSON.parse(body));
      requests.set(req.url ?? '', list);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

// Logs one line inside an active span and one outside it, then flushes and exits.
const program = `
const { startTelemetry, stopTelemetry } = require(${JSON.stringify(resolve(__dirname, 'telemetry'))});
startTelemetry();
const { trace } = require('@opentelemetry/api');
const { createLogger } = require(${JSON.stringify(resolve(__dirname, 'logger'))});
const logger = createLogger('info');
trace.getTracer('test').startActiveSpan('work', (span) => {
  logger.info({ user: { password: 'hunter2' }, req: { headers: { authorization: 'Bearer s3cret' } } }, 'inside');
  span.end();
});
logger.warn('outside');
stopTelemetry().then(() => process.exit(0));
`;

function run(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--eval', program], {
    cwd: resolve(__dirname, '..', '..'),
    env: { PATH: process.env.PATH, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

const attribute = (record: any, key: string) =>
  record.attributes.find((a: any) => a.key === key)?.value;

describe('log export', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => new Promise((done) => receiver.server.close(done)));

  it('when OTEL_LOGS_EXPORTER=otlp, then every line is also an OTLP log record with the span ids, redacted as on stdout', async () => {
    const result = await run({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'judix-test',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });

    const [span] = receiver.requests
      .get('/v1/traces')!
      .flatMap((r) => r.resourceSpans[0].scopeSpans.flatMap((s: any) => s.spans));
    const exports = receiver.requests.get('/v1/logs')!;
    const service = exports[0].resourceLogs[0].resource.attributes.find(
      (a: any) => a.key === 'service.name',
    );
    expect(service.value.stringValue).toBe('judix-test');
    const records = exports.flatMap((r) =>
      r.resourceLogs.flatMap((rl: any) => rl.scopeLogs.flatMap((s: any) => s.logRecords)),
    );
    const inside = records.find((r: any) => r.body.stringValue === 'inside');
    expect(inside).toMatchObject({
      traceId: span.traceId,
      spanId: span.spanId,
      severityText: 'info',
    });
    expect(JSON.stringify(inside)).not.toMatch(/hunter2|s3cret/);
    expect(attribute(inside, 'user').kvlistValue.values).toEqual([
      { key: 'password', value: { stringValue: '[redacted]' } },
    ]);
    const outside = records.find((r: any) => r.body.stringValue === 'outside');
    expect(outside.severityText).toBe('warn');
    expect(outside.traceId ?? '').toBe('');

    // stdout keeps every line, with the same redaction and the trace id for correlation.
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.msg)).toEqual(['inside', 'outside']);
    expect(lines[0]).toMatchObject({ trace_id: span.traceId, user: { password: '[redacted]' } });
  });

  it('when OTEL_LOGS_EXPORTER is not set, then traces are exported and logs only go to stdout', async () => {
    const result = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(result.code).toBe(0);
    expect([...receiver.requests.keys()]).toEqual(['/v1/traces']);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('when OTEL_LOGS_EXPORTER names another exporter, then the process exits 1 with one line naming it', async () => {
    const result = await run({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_LOGS_EXPORTER: 'otpl',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: OTEL_LOGS_EXPORTER must be one of none, otlp',
    );
    expect(receiver.requests.size).toBe(0);
  });
});

describe('logsExported', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['none', false],
    ['otlp', true],
    [' otlp ', true],
  ])('when OTEL_LOGS_EXPORTER is %p, then log export is %p', (value, expected) => {
    expect(logsExported({ OTEL_LOGS_EXPORTER: value })).toBe(expected);
  });

  it('when OTEL_LOGS_EXPORTER is console, then it is refused (stdout already has every line)', () => {
    expect(() => logsExported({ OTEL_LOGS_EXPORTER: 'console' })).toThrow('OTEL_LOGS_EXPORTER');
  });
});
