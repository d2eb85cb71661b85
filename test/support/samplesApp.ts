import path from 'node:path';

/** A fixture app with orchestrations in the shapes of the official durable-functions samples. */
export const SAMPLES_APP = path.join(__dirname, '..', 'fixtures', 'samples-app');

export interface SamplesFixture {
  activityName: string;
  skipFirstCall: boolean;
  failOnce: Set<string>;
}

/** The knobs the fixture's probe orchestrations read, to simulate a changed deployment. */
export function samplesFixture(): SamplesFixture {
  return (globalThis as unknown as { samplesFixture: SamplesFixture }).samplesFixture;
}
