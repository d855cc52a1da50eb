// The reference servers Judix is compared with, in a process of their own so that neither the load
// generator nor the orchestrator shares their event loop (Judix gets a process of its own too):
//   raw     node:http answering the captured task page
//   koa     Koa + @koa/router answering the same page
//   findOne Koa + the MongoDB driver reading one task by _id
//   insert  Koa + the MongoDB driver inserting one task-shaped document
// Configuration comes as JSON in BARE_SERVERS_CONFIG; the ports go to stdout as one JSON line.
// The process stops when its parent closes stdin, so it cannot outlive the benchmark.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { MongoClient, ObjectId } from 'mongodb';

export interface BareServersConfig {
  body: string;
  mongoUrl: string;
  /** The collection findOne reads from: Judix's own tasks. */
  readCollection: string;
  /** The collection insertOne writes to; it gets the same indexes as readCollection. */
  insertCollection: string;
}

export interface BareServersPorts {
  raw: number;
  koa: number;
  findOne: number;
  insert: number;
}

const contentType = 'application/json; charset=utf-8';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function readJson(request: NodeJS.ReadableStream): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

async function main() {
  const config = JSON.parse(process.env.BARE_SERVERS_CONFIG ?? '') as BareServersConfig;
  const body = Buffer.from(config.body);

  const raw = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    response.end(body);
  });

  const koaPage = new Koa();
  const pageRouter = new Router();
  pageRouter.get('/api/v1/tasks', (ctx) => {
    ctx.type = contentType;
    ctx.body = body;
  });
  koaPage.use(pageRouter.routes());

  const client = new MongoClient(config.mongoUrl);
  await client.connect();
  const db = client.db();
  const tasks = db.collection(config.readCollection);
  const inserts = db.collection(config.insertCollection);
  // Same indexes as Judix's tasks, so each insert maintains as much as Judix's does.
  for (const index of await tasks.listIndexes().toArray()) {
    if (index.name === '_id_') continue;
    const { key, v: _version, ns: _namespace, ...options } = index;
    await inserts.createIndex(key, options);
  }

  const koaFindOne = new Koa();
  const findRouter = new Router();
  findRouter.get('/api/v1/tasks/:id', async (ctx) => {
    const task = await tasks.findOne({ _id: new ObjectId(ctx.params.id) });
    if (!task) ctx.throw(404);
    ctx.body = task;
  });
  koaFindOne.use(findRouter.routes());

  const owner = new ObjectId();
  const koaInsert = new Koa();
  const insertRouter = new Router();
  insertRouter.post('/api/v1/tasks', async (ctx) => {
    const input = (await readJson(ctx.req)) as Record<string, unknown>;
    const now = new Date();
    const task = { ...input, owner, createdAt: now, updatedAt: now, version: 1 };
    const { insertedId } = await inserts.insertOne(task);
    ctx.status = 201;
    ctx.body = { id: insertedId, ...task };
  });
  koaInsert.use(insertRouter.routes());

  const servers = [raw, createServer(koaPage.callback())];
  servers.push(createServer(koaFindOne.callback()), createServer(koaInsert.callback()));
  const [rawPort, koaPort, findOnePort, insertPort] = await Promise.all(servers.map(listen));
  const ports: BareServersPorts = {
    raw: rawPort!,
    koa: koaPort!,
    findOne: findOnePort!,
    insert: insertPort!,
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);

  const stop = async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    await client.close();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  console.error(`bare servers failed: ${error.message}`);
  process.exit(1);
});
