// Starts one MongoDB-protocol server for the whole api suite; each test file uses its own
// database on it (and its own Redis, see app.ts). Several jest projects call it in one run; they
// share the first server.
import { provideMongo, type Service } from '../../scripts/services';

declare global {
  var judixMongo: Service | undefined;
}

export default async function globalSetup() {
  if (globalThis.judixMongo) return;
  const mongo = await provideMongo();
  globalThis.judixMongo = mongo;
  process.env.JUDIX_TEST_MONGO_URL = mongo.url;
  process.env.JUDIX_TEST_MONGO_KIND = mongo.kind;
}
