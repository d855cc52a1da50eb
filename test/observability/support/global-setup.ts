// The observability suite needs the collector (built once per manifest, minutes on first run, so
// here and not inside a test's timeout) and the api suite's MongoDB-protocol server.
import apiGlobalSetup from '../../support/global-setup';
import { collectorBinary } from '../../../scripts/otelcol/build';

export default async function globalSetup() {
  collectorBinary();
  await apiGlobalSetup();
}
