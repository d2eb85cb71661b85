/** Waits between polls of an empty queue: doubling from `minMs` up to `maxMs`, back to `minMs` once a message comes. */
export class PollingBackoff {
  private current = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    this.current = this.current === 0 ? this.minMs : Math.min(this.maxMs, this.current * 2);
    // A little randomness, so that listeners started together do not poll in step.
    return Math.round(this.current * (0.8 + Math.random() * 0.2));
  }

  reset(): void {
    this.current = 0;
  }
}
