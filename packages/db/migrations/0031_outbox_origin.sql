-- Where a job comes from: the request id (and, with tracing on, the W3C trace context) of the request
-- or job that wrote it, carried into the job's logs and trace. Null for rows written without one.
ALTER TABLE "outbox" ADD COLUMN "origin" jsonb;
