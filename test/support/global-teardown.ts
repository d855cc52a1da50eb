export default async function globalTeardown() {
  const mongo = globalThis.judixMongo;
  globalThis.judixMongo = undefined;
  await mongo?.close();
}
