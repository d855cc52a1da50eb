// Starts the real application once for the browser tests: MongoDB-protocol server, Redis, the
// built api and nginx serving web/dist with the repository's config.
import { startStack } from './stack';

export default async function globalSetup() {
  const stack = await startStack();
  process.env.JUDIX_WEB_URL = stack.webUrl;
  return () => stack.close();
}
