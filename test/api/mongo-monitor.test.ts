import { Writable } from 'node:stream';
import { createLogger } from '../../src/platform/logger';
import { createMongoConnection, openMongo, watchMonitors } from '../../src/platform/mongo';
import { withDatabase } from '../../scripts/services';
import { until } from '../support/wait';

it('a server check that never ends gets its monitor restarted, and the connection keeps working', async () => {
  const lines: string[] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const connection = createMongoConnection();
  await openMongo(
    connection,
    withDatabase(process.env.JUDIX_TEST_MONGO_URL!, 'judix_monitor'),
    () => undefined,
  );
  try {
    watchMonitors(connection, logger, 400);
    const client = connection.getClient();
    const [[address, server]] = [...(client as any).topology.s.servers.entries()];
    // The monitor's schedule, which a restart replaces.
    const schedule = server.monitor.monitorId;
    const checks: string[] = [];
    client.on('serverHeartbeatSucceeded', (event) => checks.push(event.connectionId));

    // What the driver's race leaves behind: a check started that neither succeeds nor fails.
    client.emit('serverHeartbeatStarted', { connectionId: address } as never);
    await until(async () => lines.length > 0, 5000);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'mongodb server check stalled; monitor restarted',
      address,
    });
    expect(server.monitor.monitorId).not.toBe(schedule);
    await until(async () => checks.includes(address), 5000);
    expect(await connection.db!.collection('probe').countDocuments()).toBe(0);
    expect(lines).toHaveLength(1);
  } finally {
    await connection.close();
  }
});
