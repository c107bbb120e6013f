import { registerOutboxGauges } from '@werkstatt/jobs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, type GaugeConfiguration } from 'prom-client';
import type { Deps } from '../deps.js';
import { operationOf } from '../lib/operation.js';

type MetricsDeps = Pick<Deps, 'metrics' | 'db' | 'representations' | 'documentEvents' | 'config'>;

/**
 * Observability in one place (GET /metrics serves it): request durations by operation, and gauges
 * read at scrape time from the pool, the representation cache, the event streams and the outbox.
 * The instruments the code feeds directly live in lib/metrics.ts.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, deps: MetricsDeps) => {
    const { registry, httpDuration } = deps.metrics;
    app.addHook('onResponse', async (request, reply) => {
      httpDuration.observe(
        { operation_id: operationOf(request), method: request.method, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    // Built again if an app is built twice on the same deps (a registry refuses a second metric of a name).
    const gauge = <L extends string>(config: GaugeConfiguration<L>) => {
      registry.removeSingleMetric(config.name);
      return new Gauge({ ...config, registers: [registry] });
    };
    const { representations, documentEvents } = deps;
    gauge({
      name: 'werkstatt_representation_cache_bytes',
      help: 'Memory held by stored responses of the representation cache, counted as it counts against REPRESENTATION_CACHE_MB.',
      collect() {
        this.set(representations.size.bytes);
      },
    });
    gauge({
      name: 'werkstatt_representation_cache_entries',
      help: 'Stored responses in the representation cache.',
      collect() {
        this.set(representations.size.entries);
      },
    });
    gauge({
      name: 'werkstatt_document_event_streams',
      help: 'Open document event streams (server-sent events) on this instance.',
      collect() {
        this.set(documentEvents.subscriptionCount);
      },
    });

    registerOutboxGauges(registry, deps.db, (err) =>
      app.log.warn({ err }, 'outbox backlog not read for metrics'),
    );
  },
  { name: 'metrics' },
);
