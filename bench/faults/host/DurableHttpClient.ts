/** An instance's status as the management API answers it. */
export interface InstanceStatus {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
}

export interface StatusAnswer {
  /** 200 finished, 202 running, 404 unknown; 0 when no answer came. */
  http: number;
  instance?: InstanceStatus;
}

export const FINISHED = new Set(['Completed', 'Failed', 'Terminated']);

/** The management API under /runtime/webhooks/durabletask, as a user's client calls it. */
export class DurableHttpClient {
  private readonly hooks: string;

  constructor(
    readonly baseUrl: string,
    private readonly signal: AbortSignal,
    private readonly timeoutMs = 10_000,
  ) {
    this.hooks = `${baseUrl}/runtime/webhooks/durabletask`;
  }

  private async call(method: string, url: string, body?: unknown): Promise<{ http: number; text: string }> {
    try {
      const res = await fetch(url, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      return { http: res.status, text: await res.text() };
    } catch (error) {
      if (this.signal.aborted) throw new Error('the script was stopped');
      return { http: 0, text: String((error as Error)?.message ?? error) };
    }
  }

  /** Starts `name` as `instanceId`; 202 means acknowledged. */
  async start(name: string, instanceId: string, input: unknown): Promise<number> {
    return (await this.call('POST', `${this.hooks}/orchestrators/${name}/${encodeURIComponent(instanceId)}`, input)).http;
  }

  async status(instanceId: string): Promise<StatusAnswer> {
    const answer = await this.call('GET', `${this.hooks}/instances/${encodeURIComponent(instanceId)}`);
    if (answer.http !== 200 && answer.http !== 202) return { http: answer.http };
    return { http: answer.http, instance: JSON.parse(answer.text) as InstanceStatus };
  }

  /** Purges a finished instance; 200 means acknowledged. */
  async purge(instanceId: string): Promise<number> {
    return (await this.call('DELETE', `${this.hooks}/instances/${encodeURIComponent(instanceId)}`)).http;
  }

  /** Every instance whose id starts with `prefix`, following continuation tokens. */
  async list(prefix: string, runtimeStatus?: string): Promise<InstanceStatus[] | undefined> {
    const all: InstanceStatus[] = [];
    let token: string | null = null;
    do {
      const query = `instanceIdPrefix=${encodeURIComponent(prefix)}&top=1000${runtimeStatus ? `&runtimeStatus=${runtimeStatus}` : ''}`;
      let res: Response;
      try {
        res = await fetch(`${this.hooks}/instances?${query}`, {
          headers: token ? { 'x-ms-continuation-token': token } : {},
          signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
      } catch {
        if (this.signal.aborted) throw new Error('the script was stopped');
        return undefined;
      }
      if (res.status !== 200) return undefined;
      all.push(...((await res.json()) as InstanceStatus[]));
      token = res.headers.get('x-ms-continuation-token');
    } while (token);
    return all;
  }

  /** 200 from /admin/host/status within the client's timeout. */
  async hostStatus(timeoutMs = this.timeoutMs): Promise<number> {
    try {
      const res = await fetch(`${this.baseUrl}/admin/host/status`, { signal: AbortSignal.any([this.signal, AbortSignal.timeout(timeoutMs)]) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      if (this.signal.aborted) throw new Error('the script was stopped');
      return 0;
    }
  }

  /** Polls until the instance is finished or `timeoutMs` passes; the last answer. */
  async waitFinished(instanceId: string, timeoutMs: number, pollMs = 50): Promise<StatusAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.status(instanceId);
      if (answer.instance && FINISHED.has(answer.instance.runtimeStatus)) return answer;
      if (Date.now() > deadline) return answer;
      await new Promise((r) => setTimeout(r, pollMs));
      if (this.signal.aborted) throw new Error('the script was stopped');
    }
  }
}
