// The load: clients that, through the HTTP API as a municipality administrator, freeze strategy
// versions and ask for their PDFs (document.render jobs) and create users (one invitation mail
// each). A request that fails is retried until the operation is known to be done, so every
// intended document and mail is counted once, whatever the faults do to single requests.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Attempt {
  started: number;
  /** HTTP status; undefined while in flight or after a network error. */
  status?: number;
  error?: string;
  done: boolean;
}

export interface PhaseStats {
  requests: number;
  /** Attempts that failed (network error, 5xx, 429) and were tried again. */
  retried: number;
  /** Operations given up after OPERATION_TIMEOUT_MS. */
  gaveUp: number;
  documents: number;
  mails: number;
  errors: Map<string, number>;
}

const newStats = (): PhaseStats => ({
  requests: 0,
  retried: 0,
  gaveUp: 0,
  documents: 0,
  mails: 0,
  errors: new Map(),
});

const retriable = (a: Attempt) => a.status === undefined || a.status >= 500 || a.status === 429;

export class Load {
  readonly inFlight = new Set<Attempt>();
  /** Documents the API accepted, by id. */
  readonly documents = new Set<string>();
  /** Addresses of the users created: one invitation mail each. */
  readonly mailTo = new Set<string>();
  readonly phases = new Map<string, PhaseStats>();
  readonly failures: string[] = [];
  private phase = 'start';
  private stopped = false;
  private next = 0;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly municipalityId: string,
    private readonly o: { clients: number; paceMs: number; operationTimeoutMs: number; runId: string },
  ) {}

  stats(phase = this.phase): PhaseStats {
    const known = this.phases.get(phase);
    if (known) return known;
    const fresh = newStats();
    this.phases.set(phase, fresh);
    return fresh;
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.stats();
  }

  start(): void {
    for (let i = 0; i < this.o.clients; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.documentOperation();
      if (this.stopped) break;
      await this.mailOperation();
      await sleep(this.o.paceMs);
    }
  }

  /** One attempt of one request; in `inFlight` until it settled. */
  private async send(
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ attempt: Attempt; json: unknown }> {
    const attempt: Attempt = { started: Date.now(), done: false };
    const stats = this.stats();
    stats.requests += 1;
    this.inFlight.add(attempt);
    let json: unknown;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      attempt.status = res.status;
      json = await res.json().catch(() => undefined);
    } catch (err) {
      attempt.error = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    } finally {
      attempt.done = true;
      this.inFlight.delete(attempt);
    }
    if (attempt.status === undefined || attempt.status >= 400) {
      const key = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} → ${attempt.status ?? attempt.error}`;
      stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
    }
    return { attempt, json };
  }

  /**
   * Sends until the answer is final. `settle` gets each final answer and whether an earlier attempt
   * may have been carried out (so a conflict can mean "done by that attempt").
   */
  private async operation<T>(
    what: string,
    method: string,
    path: string,
    body: unknown,
    settle: (status: number, json: unknown, earlierMayHaveRun: boolean) => T | undefined,
  ): Promise<T | undefined> {
    const deadline = Date.now() + this.o.operationTimeoutMs;
    let earlierMayHaveRun = false;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      const { attempt, json } = await this.send(method, path, body);
      if (!retriable(attempt)) {
        const result = settle(attempt.status!, json, earlierMayHaveRun);
        if (result === undefined) this.failures.push(`${what}: ${attempt.status} ${JSON.stringify(json)}`);
        return result;
      }
      earlierMayHaveRun = true;
      if (Date.now() > deadline || this.stopped) {
        this.stats().gaveUp += 1;
        this.failures.push(`${what}: gave up after ${attempt.status ?? attempt.error}`);
        return undefined;
      }
      this.stats().retried += 1;
      await sleep(wait);
    }
  }

  private async documentOperation(): Promise<void> {
    const n = ++this.next;
    const base = `/v1/municipalities/${this.municipalityId}/strategy/versions`;
    const version = await this.operation(
      'create version',
      'POST',
      base,
      { label: `Störfall-Lauf ${n}` },
      (s, json) => (s === 201 ? (json as { id: string }).id : undefined),
    );
    if (!version) return;
    // A version has one document: asking again returns it, so a retry cannot make a second one.
    const document = await this.operation(
      'request document',
      'POST',
      `${base}/${version}/documents`,
      undefined,
      (s, json) => (s >= 200 && s < 300 ? (json as { id: string }).id : undefined),
    );
    if (document && !this.documents.has(document)) {
      this.documents.add(document);
      this.stats().documents += 1;
    }
  }

  private async mailOperation(): Promise<void> {
    const email = `stoerfall-${this.o.runId}-${++this.next}@werkstatt.example`;
    const created = await this.operation(
      'create user',
      'POST',
      '/v1/users',
      {
        email,
        name: `Störfall ${this.next}`,
        role: 'municipality_viewer',
        municipalityId: this.municipalityId,
      },
      // 409 after an attempt that may have committed: that attempt created the user.
      (s, _json, earlier) => (s === 201 || (s === 409 && earlier) ? email : undefined),
    );
    if (created) {
      this.mailTo.add(email);
      this.stats().mails += 1;
    }
  }
}
