// The kind workflow's telemetry check (scripts/kind/telemetry.ts): its options, and how it reads
// the answers of Tempo, Loki and Grafana, which cannot run here (Prometheus's is read from a real
// server in test/observability/prometheus-live.test.ts).
import { join } from 'node:path';
import {
  logLines,
  missingUids,
  parseOptions,
  provisionedUids,
  spanNames,
} from '../../scripts/kind/telemetry';

const datasources = join(__dirname, '../../observability/grafana/datasources');

describe('command-line options', () => {
  it('when release, namespace and URL are given, then they are parsed with the default timeout', () => {
    expect(
      parseOptions(['--release', 'judix', '--namespace', 'judix', '--url', 'http://localhost/']),
    ).toEqual({
      release: 'judix',
      namespace: 'judix',
      url: 'http://localhost',
      timeoutSeconds: 600,
    });
  });

  it.each([
    [['--namespace', 'judix', '--url', 'http://localhost'], /--release/],
    [['--release', 'Judix!', '--namespace', 'judix', '--url', 'http://localhost'], /--release/],
    [['--release', 'judix', '--url', 'http://localhost'], /--namespace/],
    [['--release', 'judix', '--namespace', 'judix'], /--url/],
    [['--release', 'judix', '--namespace', 'judix', '--url', 'localhost'], /--url/],
    [['--release', 'j', '--namespace', 'j', '--url', 'http://h', '--timeout', '0'], /--timeout/],
    [['--release', 'j', '--namespace', 'j', '--url', 'http://h', '--timeout', '1.5'], /--timeout/],
  ])('when %p, then it refuses naming the option', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });
});

describe('Tempo answers', () => {
  const spans = (names: string[]) => ({
    scopeSpans: [{ spans: names.map((name) => ({ name, traceId: 'ab' })) }],
  });

  it('when the v2 API answers with OTLP under trace, then every span name is read', () => {
    const body = {
      trace: { resourceSpans: [spans(['POST /api/v1/auth/register']), spans(['insert'])] },
    };
    expect(spanNames(body)).toEqual(['POST /api/v1/auth/register', 'insert']);
  });

  it('when the answer uses v1 batches with instrumentation library spans, then they are read too', () => {
    const body = {
      batches: [{ instrumentationLibrarySpans: [{ spans: [{ name: 'GET /healthz' }] }] }],
    };
    expect(spanNames(body)).toEqual(['GET /healthz']);
  });

  it.each([null, {}, { trace: {} }, { trace: { resourceSpans: 'x' } }])(
    'when the answer is %p, then no span is read',
    (body) => expect(spanNames(body)).toEqual([]),
  );
});

describe('Loki answers', () => {
  it('when a streams result holds lines, then each line is read', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [
          {
            stream: { service_name: 'judix-api' },
            values: [
              ['1', 'user registered'],
              ['2', 'b'],
            ],
          },
        ],
      },
    };
    expect(logLines(body)).toEqual(['user registered', 'b']);
  });

  it('when the result is a matrix or empty, then no line is read', () => {
    expect(
      logLines({ data: { resultType: 'matrix', result: [{ values: [['1', '2']] }] } }),
    ).toEqual([]);
    expect(logLines({ data: { resultType: 'streams', result: [] } })).toEqual([]);
    expect(logLines(undefined)).toEqual([]);
  });
});

describe('Grafana datasources', () => {
  it('when read from observability/, then the three provisioned uids are found', () => {
    expect(provisionedUids(datasources)).toEqual(['judix-loki', 'judix-prometheus', 'judix-tempo']);
  });

  it('when Grafana lists only some of them, then the missing ones are named', () => {
    const expected = provisionedUids(datasources);
    expect(missingUids([{ uid: 'judix-loki' }, { uid: 'other' }], expected)).toEqual([
      'judix-prometheus',
      'judix-tempo',
    ]);
    expect(
      missingUids(
        expected.map((uid) => ({ uid })),
        expected,
      ),
    ).toEqual([]);
    expect(missingUids({ message: 'Unauthorized' }, expected)).toEqual(expected);
  });
});
