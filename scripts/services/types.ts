export interface Service {
  /** How the server was obtained, for the start-up banner. */
  kind: string;
  /** Connection string without a database name. */
  url: string;
  /** Present when the server is a local process this module owns: lets tests simulate outages. */
  controls?: {
    start(): Promise<void>;
    stop(): Promise<void>;
    signal(signal: NodeJS.Signals): void;
  };
  close(): Promise<void>;
}
