// Imported first by server.ts, before any module that telemetry instruments.
import { startTelemetry } from './platform/telemetry';

startTelemetry();
