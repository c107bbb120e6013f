import { loginRoleProblem } from '@werkstatt/db';
import { startTracing } from '@werkstatt/telemetry';
import { type App, buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { closeDeps, createDeps, type Deps } from './deps.js';

export interface StartServerOptions {
  /**
   * true (the default): SIGTERM/SIGINT stop taking requests, finish those in flight and exit. false:
   * the caller handles the signals and calls `app.close()` itself, e.g. to stop its own work before
   * and clean up after the app closed (dev mode closes its embedded Postgres last).
   */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: App;
  /** What the app is built from; `app.close()` closes it. Dev mode runs its job runner on this pool. */
  deps: Deps;
}

/** Builds the app and listens; by default until SIGTERM/SIGINT (see StartServerOptions). */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: StartServerOptions = {},
): Promise<RunningServer> {
  const config = loadConfig(env);
  const deps = await createDeps(config);
  if (config.NODE_ENV === 'production') {
    const problem = await loginRoleProblem(deps.pool).catch(async (err) => {
      await closeDeps(deps);
      throw err;
    });
    if (problem) {
      await closeDeps(deps);
      throw new ConfigError(problem);
    }
  }
  const app = await buildApp(deps);
  const tracing = await startTracing({
    serviceName: config.OTEL_SERVICE_NAME,
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  // Closing sends the spans still buffered.
  if (tracing) app.addHook('onClose', () => tracing.shutdown());
  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    // E.g. the port is taken: release the pool and Redis, so a caller can clean up after us.
    await app.close().catch(() => {});
    throw err;
  }
  if (handleSignals) exitOnSignals(app, config.SHUTDOWN_GRACE_MS);
  return { app, deps };
}

function exitOnSignals(app: App, graceMs: number): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), graceMs).unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startServer().catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
