export default async function globalTeardown() {
  await globalThis.judixMongo?.close();
}
